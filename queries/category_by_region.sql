-- purpose: one edition's entries by category and region (a two-way table)
-- grain: one row per (category, region of countries_regions.csv), 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.category_by_region(), charts.two_way_heatmap()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

categories as (
    select sort_order as category_order, * exclude (sort_order) from category_codes()
),

regions as (
    select distinct region from countries
),

final as (
    select
        categories.category,
        regions.region,
        count(entries.submission_id) as entries
    from categories
    cross join regions
    left join entries
        on entries.category = categories.category and entries.region = regions.region
    group by all
    order by any_value(category_order), regions.region
)

select * from final
