-- purpose: entries and eligible entries of one edition by applicant type
-- grain: one row per applicant type of the data contract, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_applicant_type(), press.figures()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

applicant_types as (
    select * from applicant_type_codes()
),

final as (
    select
        applicant_types.applicant_type,
        count(entries.applicant_type) as entries,
        count(entries.applicant_type) filter (where entries.is_eligible) as eligible
    from applicant_types
    left join entries on entries.applicant_type = applicant_types.applicant_type
    group by applicant_types.applicant_type, applicant_types.sort_order
    order by applicant_types.sort_order
)

select * from final
