-- purpose: the technologies entries name most often in one edition
-- grain: one row per technology (compared without case or outer spaces; shown as most often
--        spelt), most mentioned first; every one (the data layer shows the first 15 after hiding
--        small counts, so that which hidden ones make the cut does not depend on their value)
-- params: $edition, $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.technologies_ranked(), charts.ranked_bars()
with entries as (
    select * from edition_entries($edition, $as_of, $public, $regions, $countries,
        $categories, $applicant_types, $stages)
    where nullif(trim(technologies), '') is not null
),

mentions as (
    select distinct
        submission_id,
        lower(trim(technology)) as technology_key,
        trim(technology) as spelling
    from entries, unnest(string_split(technologies, ';')) as t (technology)
    where trim(technology) <> ''
),

final as (
    select mode(spelling) as technology, count(*) as entries
    from mentions
    group by technology_key
)

select * from final order by entries desc, technology
