-- purpose: one edition's entries as they stood at a moment, for the organisers' Entries page
-- grain: one row per entry submitted by $as_of that passes the filters
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.entries_list(), the Entries page (organisers only)
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
    where edition = $edition
),

final as (
    select
        submission_id,
        (submitted_at at time zone 'Asia/Seoul') as submitted_kst,
        applicant_type,
        applicant_name,
        project_title,
        category,
        sector,
        technologies,
        nullif(trim(city), '') as city,
        country,
        country_name_en,
        country_name_ko,
        region,
        stage,
        award,
        wego_member
    from entries
)

select * from final order by submitted_kst, submission_id
