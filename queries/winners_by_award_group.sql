-- purpose: announced winners of one edition by award group (special, or the entry's category)
-- grain: one row per award group, 0 where none
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.winners_by_award_group(), press.figures()
with winners as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
    where is_winner
),

award_groups as (
    select * from award_group_codes()
),

final as (
    select
        award_groups.award_group,
        count(winners.award_group) as winners
    from award_groups
    left join winners on winners.award_group = award_groups.award_group
    group by award_groups.award_group, award_groups.sort_order
    order by award_groups.sort_order
)

select * from final
