-- purpose: each edition's entries by region (6 regions, Americas joined) and their share
-- grain: one row per (edition, region6), 0 where none
-- params: $editions (list, or null for all), $as_of, $public, and the filters ($regions,
--         $countries, $categories, $applicant_types, $stages: lists, or null for all)
-- used by: data.region_shares_by_edition(), charts.region_shares()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
    where $editions is null or list_contains($editions, edition)
),

editions_shown as (
    select distinct edition, year from entries
),

regions as (
    select distinct region6 from countries
),

counts as (
    select edition, region6, count(*) as entries
    from entries
    group by edition, region6
),

final as (
    select
        editions_shown.edition,
        editions_shown.year,
        regions.region6,
        coalesce(counts.entries, 0) as entries,
        coalesce(counts.entries, 0)
            / sum(coalesce(counts.entries, 0)) over (partition by editions_shown.edition)
            as share
    from editions_shown
    cross join regions
    left join counts
        on counts.edition = editions_shown.edition and counts.region6 = regions.region6
)

select * from final order by edition, region6
