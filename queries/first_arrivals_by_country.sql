-- purpose: when each country first entered each edition, in days before that edition's deadline
-- grain: one row per (edition, country)
-- params: $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.first_arrivals_by_country(), intake.missing()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
),

first_arrivals as (
    -- the earliest moment first, then one conversion to a Seoul date per group, not per entry
    select
        edition,
        country,
        any_value(region) as region,
        any_value(country_name_en) as name_en,
        any_value(country_name_ko) as name_ko,
        min(submitted_at) as first_at
    from entries
    group by edition, country
),

final as (
    select
        first_arrivals.edition,
        first_arrivals.country,
        first_arrivals.region,
        first_arrivals.name_en,
        first_arrivals.name_ko,
        days_before(first_arrivals.first_at, editions.call_closes_at) as first_days_before
    from first_arrivals
    inner join editions on editions.edition = first_arrivals.edition
    where editions.call_closes_at is not null
)

select * from final order by edition, country
