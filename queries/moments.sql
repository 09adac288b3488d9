-- purpose: every moment at which an as-of answer can change: each arrival, screening, finalist
--          decision, finalist announcement and ceremony, and each published figure becoming
--          public (the only times the as-of and embargo rules of _macros.sql compare $as_of with),
--          and each call's close and import (figures_changed.sql's moments) and release
--          (revisions.sql's)
-- grain: one row per distinct moment, earliest first, in microseconds since 1970 (UTC)
-- params: none
-- used by: data.run(), which moves each as-of back to the latest of these at or before it, so
--          that one cached result serves every as-of until the next change
with moments as (
    select submitted_at as moment from submissions
    union
    select screened_at from submissions
    union
    select finalist_at from submissions
    union
    select finalists_announced_at from editions
    union
    select ceremony_at from editions
    union
    select public_at from published_as_of('infinity'::timestamptz, false)
    union
    select call_closes_at from editions
    union
    select finished_at from imports
    union
    -- a release's moment (revisions.sql), by the clock the embargo reads
    select released_at from imports
),

final as (
    select epoch_us(moment) as moment_us from moments where moment is not null and isfinite(moment)
)

select * from final order by moment_us
