-- purpose: per edition, how many countries and cities entered for the first time or came back
-- grain: one row per (edition, place kind); a place's first edition is its earliest entry
--        among all editions up to the moment (filters applied)
-- params: $editions (list, or null for all), $as_of, $public, and the filters ($regions,
--         $countries, $categories, $applicant_types, $stages: lists, or null for all)
-- used by: data.new_vs_returning(), charts.new_vs_returning()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
),

places as (
    select distinct edition, year, 'country' as kind, country as place from entries
    union all
    select distinct edition, year, 'city', trim(city) || ', ' || country from entries
    where nullif(trim(city), '') is not null
),

first_seen as (
    select kind, place, min(edition) as first_edition
    from places
    group by kind, place
),

final as (
    select
        places.edition,
        any_value(places.year) as year,
        places.kind,
        count(*) filter (where first_seen.first_edition = places.edition) as new,
        count(*) filter (where first_seen.first_edition < places.edition) as returning
    from places
    inner join first_seen on first_seen.kind = places.kind and first_seen.place = places.place
    where $editions is null or list_contains($editions, places.edition)
    group by places.edition, places.kind
)

select * from final order by edition, kind
