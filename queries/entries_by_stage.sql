-- purpose: entries of one edition by the stage each had reached as of a moment
-- grain: one row per stage of the data contract, 0 where none; each entry counted once
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_stage(), charts.entries_by_stage(), press.figures()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

stages as (
    select * from stage_codes()
),

final as (
    select
        stages.stage,
        count(entries.stage) as entries
    from stages
    left join entries on entries.stage = stages.stage
    group by stages.stage, stages.sort_order
    order by stages.sort_order
)

select * from final
