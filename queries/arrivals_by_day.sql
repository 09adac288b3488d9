-- purpose: one edition's entries by day of arrival (Asia/Seoul) and region, up to a moment
-- grain: one row per (day, region) with at least one entry
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.arrivals_by_day(), charts.daily_arrivals(), the last-7-days table
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

final as (
    select
        (submitted_at at time zone 'Asia/Seoul')::date as day,
        region,
        count(*) as entries
    from entries
    group by all
)

select * from final order by day, region
