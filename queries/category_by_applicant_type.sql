-- purpose: one edition's entries by category and applicant type (a two-way table)
-- grain: one row per (category, applicant type) of the data contract, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.category_by_applicant_type(), charts.two_way_heatmap()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

categories as (
    select sort_order as category_order, * exclude (sort_order) from category_codes()
),

applicant_types as (
    select sort_order as type_order, * exclude (sort_order) from applicant_type_codes()
),

final as (
    select
        categories.category,
        applicant_types.applicant_type,
        count(entries.submission_id) as entries
    from categories
    cross join applicant_types
    left join entries
        on entries.category = categories.category
        and entries.applicant_type = applicant_types.applicant_type
    group by all
    order by any_value(category_order), any_value(type_order)
)

select * from final
