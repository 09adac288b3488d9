-- purpose: the alerts organisers set (alert set): what is watched for each edition while its
--          call is open; organisers only (prizestats/figures/signals.py decides what fires)
-- grain: one row per edition with an alert
-- params: $edition (null for every edition)
-- used by: data.alerts(), the Intake page's alerts, the digest, alert list
with final as (
    select
        edition,
        pace_below,
        against,
        missing_regions,
        quiet_days
    from alerts
    where $edition is null or edition = $edition
)

select * from final order by edition
