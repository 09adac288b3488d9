-- purpose: the moments the published figures become public (published_as_of in _macros.sql),
--          for the release calendar: moments and metric names only, never a value, so that no
--          result under embargo can reach the press through it
-- grain: one row per (edition, metric) with a known public moment
-- params: $edition (null for every edition)
-- used by: outputs.calendar (python -m prizestats calendar, the press room, the press kit)
with published as (
    -- organisers' view (every figure), read only for its moments
    select edition, metric, public_at
    from published_as_of(now(), false)
    where ($edition is null or edition = $edition) and isfinite(public_at)
),

final as (
    select edition, metric, min(public_at) as public_at
    from published
    group by edition, metric
)

select * from final order by edition, public_at, metric
