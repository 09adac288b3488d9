-- purpose: each edition's entries from WeGO member cities and from others, and how far they got
-- grain: one row per (edition, membership): member, non_member, unknown
-- params: $editions (list, or null for all), $as_of, $public, and the filters ($regions,
--         $countries, $categories, $applicant_types, $stages: lists, or null for all)
-- used by: data.wego_members_by_edition(), charts.wego_members()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
    where $editions is null or list_contains($editions, edition)
),

final as (
    select
        edition,
        any_value(year) as year,
        case
            when wego_member then 'member'
            when not wego_member then 'non_member'
            else 'unknown'
        end as membership,
        count(*) as entries,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_finalist) as finalists,
        count(*) filter (where is_winner) as winners
    from entries
    group by all
)

select * from final order by edition, membership
