-- purpose: how far one edition's entries got, by region, by category and by applicant type
-- grain: one row per (dimension, group); dimension is region, category or applicant_type
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.conversion_by_group(), charts.conversion_rates()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

by_group as (
    select 'region' as dimension, region as "group", is_eligible, is_finalist, is_winner
    from entries
    union all
    select 'category', category, is_eligible, is_finalist, is_winner from entries
    union all
    select 'applicant_type', applicant_type, is_eligible, is_finalist, is_winner from entries
),

final as (
    select
        dimension,
        "group",
        count(*) as entries,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners
    from by_group
    group by dimension, "group"
)

select * from final order by dimension, entries desc, "group"
