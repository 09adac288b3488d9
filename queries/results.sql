-- purpose: one edition's finalists and winners as they stood at a moment, for the results list
-- grain: one row per entry that was a finalist or winner as of $as_of (after the embargo for
--        non-organisers: nothing before the announcement, no award before the ceremony)
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.results(), the Results page, the press kit
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
    where is_finalist
),

award_order as (
    select * from (values
        (1, 'gold'), (2, 'silver'), (3, 'bronze'), (4, 'company_prize'),
        (5, 'institution_prize'), (6, 'leadership'), (7, 'special'), (8, 'special_mention'),
        (9, 'special_gggi'), (10, 'special_imd'), (11, 'special_semi'),
        (12, 'special_wego_index'), (13, 'special_nyce')
    ) as t (award_rank, award)
),

final as (
    select
        entries.stage,
        entries.award,
        entries.award_group,
        entries.category,
        entries.applicant_type,
        -- applicant names are public once a winner is announced (entries_as_of blanks the rest)
        entries.applicant_name,
        nullif(trim(entries.city), '') as city,
        entries.country,
        entries.country_name_en,
        entries.country_name_ko,
        entries.region,
        entries.project_title
    from entries
    left join award_order on award_order.award = entries.award
    order by
        entries.stage = 'winner' desc,
        entries.award_group,
        award_order.award_rank,
        entries.country,
        entries.city,
        entries.submission_id
)

select * from final
