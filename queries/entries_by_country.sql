-- purpose: one edition's entries by country, with names in both languages (map and table)
-- grain: one row per country with at least one entry
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_country(), charts.entries_by_country()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

final as (
    select
        country as iso3,
        any_value(country_name_en) as name_en,
        any_value(country_name_ko) as name_ko,
        any_value(region) as region,
        any_value(region6) as region6,
        count(*) as entries,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners,
        count(distinct nullif(trim(city), '')) as cities
    from entries
    group by country
)

select * from final order by entries desc, iso3
