-- purpose: entries, eligible, finalists and winners of one edition by region (7 and 6 regions)
-- grain: one row per region of countries_regions.csv, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_region(), charts.entries_by_region(), press.figures()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

regions as (
    select distinct region, region6 from countries
),

counts as (
    select
        region,
        count(*) as entries,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners
    from entries
    group by region
),

final as (
    select
        regions.region,
        regions.region6,
        coalesce(counts.entries, 0) as entries,
        coalesce(counts.eligible, 0) as eligible,
        coalesce(counts.finalists, 0) as finalists,
        coalesce(counts.winners, 0) as winners
    from regions
    left join counts on counts.region = regions.region
)

select * from final order by entries desc, region
