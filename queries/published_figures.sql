-- purpose: the figures published for one edition (or all), with where and when they appeared
-- grain: one row per published figure (edition, metric, dimension)
-- params: $edition (null for every edition)
-- used by: data.published_figures(), the reconciliation marks, the About page
select
    edition,
    year,
    metric,
    coalesce(dimension, '') as dimension,
    value,
    unit,
    published_on,
    source_url,
    note
from published_figures
where $edition is null or edition = $edition
order by edition, metric, dimension
