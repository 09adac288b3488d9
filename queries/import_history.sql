-- purpose: every import and edition-date change, newest first, for the Data page
-- grain: one row per import
-- params: none
-- used by: data.import_history(), the Data page (organisers only)
select
    import_id,
    file_name,
    sha256,
    rows_read,
    rows_accepted,
    rows_rejected,
    editions_replaced,
    diff,
    started_at,
    finished_at,
    reason
from imports
order by import_id desc
