-- purpose: entries, eligible, finalists and winners of one edition by the six regions (North and
--          South America joined as the Americas), counted here rather than added up from the
--          seven regions afterwards, so that a small count is hidden in the sum, not in its parts
-- grain: one row per region6 of countries_regions.csv, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_region6(), charts.entries_by_region(), press.figures()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

regions as (
    select distinct region6 from countries
),

counts as (
    select
        region6,
        count(*) as entries,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners
    from entries
    group by region6
),

final as (
    select
        regions.region6 as region,
        coalesce(counts.entries, 0) as entries,
        coalesce(counts.eligible, 0) as eligible,
        coalesce(counts.finalists, 0) as finalists,
        coalesce(counts.winners, 0) as winners
    from regions
    left join counts on counts.region6 = regions.region6
)

select * from final order by entries desc, region
