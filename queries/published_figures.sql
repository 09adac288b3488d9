-- purpose: the figures published for one edition (or all), with where and when they appeared,
--          as the viewer may see them at a moment (published_as_of in _macros.sql)
-- grain: one row per published figure (edition, metric, dimension) public at $as_of
-- params: $edition (null for every edition), $as_of, $public (true for every viewer but
--         organisers: only figures public by $as_of)
-- used by: data.published_figures(), the reconciliation marks, the press room, the About page,
--          the press kit
with published as (
    select * from published_as_of($as_of, $public)
    where $edition is null or edition = $edition
),

final as (
    select
        edition,
        year,
        metric,
        coalesce(dimension, '') as dimension,
        value,
        unit,
        published_on,
        published_at,
        -- null for never (no date known): pandas cannot hold an infinite moment
        case when isfinite(public_at) then public_at end as public_at,
        source_url,
        note
    from published
)

select * from final order by edition, metric, dimension
