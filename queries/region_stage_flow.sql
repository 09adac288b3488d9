-- purpose: where one edition's entries came from and how far they got (flow diagram)
-- grain: one row per (region, stage as of the moment) with at least one entry
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.region_stage_flow(), charts.region_stage_flow()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

final as (
    select region, stage, count(*) as entries
    from entries
    group by region, stage
)

select * from final order by region, stage
