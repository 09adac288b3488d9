-- purpose: one edition's entries by city, with coordinates where known (bubble map)
-- grain: one row per (city, country) among entries with a city
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_by_city(), charts.entries_by_city()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
    where nullif(trim(city), '') is not null
),

counts as (
    select
        trim(city) as city,
        country,
        any_value(country_name_en) as name_en,
        any_value(country_name_ko) as name_ko,
        count(*) as entries
    from entries
    group by trim(city), country
),

final as (
    select counts.*, cities.latitude, cities.longitude
    from counts
    left join cities on cities.city = counts.city and cities.country = counts.country
)

select * from final order by entries desc, city
