-- purpose: every country that has entered any edition, with its names and region (filter options)
-- grain: one row per country with at least one entry
-- params: none
-- used by: data.countries(), the country filter
with entered as (
    select country, count(*) as entries, count(distinct edition) as editions
    from submissions
    group by country
),

final as (
    select
        countries.iso3,
        countries.name_en,
        countries.name_ko,
        countries.region,
        countries.region6,
        entered.entries,
        entered.editions
    from entered
    inner join countries on countries.iso3 = entered.country
)

select * from final order by name_en
