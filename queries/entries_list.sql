-- purpose: one edition's entries as they stood at a moment, for the organisers' Entries page
-- grain: one row per entry submitted by $as_of that passes the filters and the search, in order
--        of arrival, at most $limit rows after the first $offset; every row also says how many matched and how many
--        the filters alone left (the page lists a few thousand at most, whatever the edition)
-- params: $edition, $as_of, $public, the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all), $search (lowercase words that
--         must all appear in the id, applicant, project, city or country; null for no search),
--         $limit (null for every row), $offset (rows skipped: a page of the list; null for none)
-- used by: data.entries_list(), the Entries page (organisers only) and its downloads
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
),

in_view as (
    select count(*) as entries from entries
),

searched as (
    select *
    from entries
    where $search is null or len(list_filter($search, lambda word: not contains(lower(concat_ws(
        ' ', submission_id, applicant_name, project_title, city, country, country_name_en,
        country_name_ko
    )), word))) = 0
),

listed as (
    -- $limit in order of arrival from $offset: DuckDB keeps only those while it reads (top-N)
    select * from searched order by submitted_at, submission_id
    limit $limit offset coalesce($offset, 0)
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
        wego_member,
        (select count(*) from searched) as matching,
        (select entries from in_view) as in_view
    from listed
)

select * from final order by submitted_kst, submission_id
