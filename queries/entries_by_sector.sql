-- purpose: one edition's entries by sector (the field of the project)
-- grain: one row per sector of the data contract, plus 'unknown' when entries have none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_sector(), charts.ranked_bars()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

final as (
    select
        coalesce(sector, 'unknown') as sector,
        count(*) as entries
    from entries
    group by all
)

select * from final order by entries desc, sector
