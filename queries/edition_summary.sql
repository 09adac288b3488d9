-- purpose: the headline counts of every edition as of a moment (KPI cards, figures, trends)
-- grain: one row per edition that has entries by $as_of
-- params: $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.edition_summary(), press.figures()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
),

final as (
    select
        edition,
        any_value(year) as year,
        count(*) as entries,
        count(distinct country) as countries,
        count(distinct (city, country)) filter (where nullif(trim(city), '') is not null)
            as cities,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners
    from entries
    group by edition
)

select * from final order by edition
