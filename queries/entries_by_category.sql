-- purpose: entries, eligible, finalists and winners of one edition by category
-- grain: one row per category of the data contract, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_category(), charts.entries_by_category(), press.figures()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

categories as (
    select * from category_codes()
),

final as (
    select
        categories.category,
        count(entries.category) as entries,
        count(entries.category) filter (where entries.is_eligible) as eligible,
        count(entries.category) filter (where entries.is_finalist) as finalists,
        count(entries.category) filter (where entries.is_winner) as winners
    from categories
    left join entries on entries.category = categories.category
    group by categories.category, categories.sort_order
    order by categories.sort_order
)

select * from final
