-- purpose: when each country first entered each edition, in days before that edition's deadline
-- grain: one row per (edition, country)
-- params: $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.first_arrivals_by_country(), intake.missing()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
),

final as (
    select
        entries.edition,
        entries.country,
        any_value(entries.region) as region,
        any_value(entries.country_name_en) as name_en,
        any_value(entries.country_name_ko) as name_ko,
        max(date_diff(
            'day',
            (entries.submitted_at at time zone 'Asia/Seoul')::date,
            (editions.call_closes_at at time zone 'Asia/Seoul')::date
        )) as first_days_before
    from entries
    inner join editions on editions.edition = entries.edition
    where editions.call_closes_at is not null
    group by entries.edition, entries.country
)

select * from final order by edition, country
