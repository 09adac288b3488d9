-- purpose: the figures published for one edition, with where and when they were published
-- grain: one row per published figure (metric, dimension)
-- params: $edition
-- used by: data.published_figures(), the reconciliation marks, press.figures()
select
    metric,
    coalesce(dimension, '') as dimension,
    value,
    unit,
    published_on,
    source_url,
    note
from published_figures
where edition = $edition
order by metric, dimension
