-- purpose: the as-of and embargo rules of data-contract.md, in one place for every query
-- grain: entries_as_of returns one row per entry submitted by $as_of
-- params: as_of (timestamptz, already min(T, now) for non-organisers),
--         public (true for every viewer but organisers: results only once announced)
-- used by: every file in queries/ (db.connect creates it as a temporary macro)
create or replace temp macro entries_as_of(as_of, public) as table
with entries_with_dates as (
    select
        submissions.*,
        coalesce(editions.year, 2022 + submissions.edition) as year,
        countries.region,
        countries.region6,
        countries.name_en as country_name_en,
        countries.name_ko as country_name_ko,
        coalesce(
            submissions.screened_at, submissions.finalist_at,
            editions.finalists_announced_at, editions.ceremony_at
        ) as screening_known_at,
        case
            -- the public learns of finalists at the announcement (or the ceremony) and never
            -- before the decision itself (a finalist added late); no known announcement date
            -- means still under embargo
            when public then greatest(
                coalesce(
                    submissions.finalist_at, editions.finalists_announced_at,
                    editions.ceremony_at
                ),
                coalesce(
                    editions.finalists_announced_at, editions.ceremony_at,
                    'infinity'::timestamptz
                )
            )
            else coalesce(
                submissions.finalist_at, editions.finalists_announced_at, editions.ceremony_at
            )
        end as finalists_known_at,
        case
            when public then coalesce(editions.ceremony_at, 'infinity'::timestamptz)
            else editions.ceremony_at
        end as winners_known_at
    from submissions
    left join editions on editions.edition = submissions.edition
    left join countries on countries.iso3 = submissions.country
    where submissions.submitted_at <= as_of
),

staged as (
    select
        *,
        case
            when stage in ('ineligible', 'eligible', 'finalist', 'winner')
                and screening_known_at > as_of then 'received'
            when stage in ('finalist', 'winner') and finalists_known_at > as_of then 'eligible'
            when stage = 'winner' and winners_known_at > as_of then 'finalist'
            else stage
        end as stage_as_of
    from entries_with_dates
),

final as (
    select
        * exclude (
            award, stage, stage_as_of, applicant_name, screened_at, finalist_at,
            screening_known_at, finalists_known_at, winners_known_at
        ),
        -- the recorded stage, the decision dates and applicant names would leak results or
        -- personal data
        case when public then null else screened_at end as screened_at,
        case when public then null else finalist_at end as finalist_at,
        case when public then null else stage end as recorded_stage,
        case
            when not public or stage_as_of = 'winner' then applicant_name
        end as applicant_name,
        stage_as_of as stage,
        stage_as_of in ('eligible', 'finalist', 'winner') as is_eligible,
        stage_as_of in ('finalist', 'winner') as is_finalist,
        stage_as_of = 'winner' as is_winner,
        case when stage_as_of = 'winner' then award end as award,
        case
            when stage_as_of <> 'winner' then null
            when award like 'special%' then 'special'
            else category
        end as award_group
    from staged
)

select * from final;

-- purpose: the entries as of a moment, narrowed by the shared filters
-- grain: one row per entry submitted by as_of that passes every filter
-- params: each filter is a list of allowed values, or null for all. stages means "reached":
--         eligible includes finalists and winners, finalist includes winners.
-- used by: every breakdown in queries/
create or replace temp macro filtered_entries(
    as_of, public, regions, countries, categories, applicant_types, stages
) as table
select *
from entries_as_of(as_of, public)
where (regions is null or list_contains(regions, region))
    and (countries is null or list_contains(countries, country))
    and (categories is null or list_contains(categories, category))
    and (applicant_types is null or list_contains(applicant_types, applicant_type))
    and (
        stages is null
        or list_contains(stages, stage)
        or (is_eligible and list_contains(stages, 'eligible'))
        or (is_finalist and list_contains(stages, 'finalist'))
    );

-- purpose: one edition's entries as of a moment, narrowed by the shared filters: how every
--          breakdown of one edition begins
-- grain: one row per entry of the edition submitted by as_of that passes every filter
-- params: as filtered_entries, and of_edition (the edition number)
-- used by: every breakdown of one edition in queries/
create or replace temp macro edition_entries(
    of_edition, as_of, public, regions, countries, categories, applicant_types, stages
) as table
select *
from filtered_entries(as_of, public, regions, countries, categories, applicant_types, stages)
where edition = of_edition;

-- purpose: calendar days from a moment to a deadline, both as dates in Seoul: 0 on the deadline
--          day, negative after it (intake curve, first arrivals)
create or replace temp macro days_before(moment, deadline) as date_diff(
    'day', (moment at time zone 'Asia/Seoul')::date, (deadline at time zone 'Asia/Seoul')::date
);

-- purpose: the code lists of the data contract, in display order, so every breakdown lists
--          every code (0 where none) without repeating the list in each file
-- grain: one row per code
create or replace temp macro category_codes() as table
select * from (values
    (1, 'human_centricity'), (2, 'tech_innovacity'), (3, 'leadership')
) as t (sort_order, category);

create or replace temp macro applicant_type_codes() as table
select * from (values
    (1, 'city_government'), (2, 'institution'), (3, 'company'), (4, 'individual')
) as t (sort_order, applicant_type);

create or replace temp macro stage_codes() as table
select * from (values
    (1, 'received'), (2, 'ineligible'), (3, 'eligible'), (4, 'finalist'), (5, 'winner'),
    (6, 'withdrawn')
) as t (sort_order, stage);

create or replace temp macro award_group_codes() as table
select * from (values
    (1, 'human_centricity'), (2, 'tech_innovacity'), (3, 'leadership'), (4, 'special')
) as t (sort_order, award_group);

-- purpose: the published figures as a viewer may see them at a moment (data-contract "Embargo"):
--          a figure is public from the end of its published_on day in Seoul, read like an as-of
--          date (or from published_at when the hour of release was recorded), and never before
--          the embargo of the result it states (finalists: their
--          announcement, else the ceremony; winners and awards: the ceremony; no known date:
--          never). Organisers (public false) see every figure, with the moment it became public.
-- grain: one row per published figure (edition, metric, dimension) public at as_of
create or replace temp macro published_as_of(as_of, public) as table
with dated as (
    select
        published_figures.*,
        -- greatest() skips a null: a figure without a published_on is never public
        case
            when published_figures.published_at is null and published_figures.published_on is null
                then 'infinity'::timestamptz
        else greatest(
            coalesce(
                published_figures.published_at,
                (published_figures.published_on + interval 1 day)::timestamp
                    at time zone 'Asia/Seoul' - interval 1 microsecond
            ),
            case
                when published_figures.metric = 'finalists' then coalesce(
                    editions.finalists_announced_at, editions.ceremony_at,
                    'infinity'::timestamptz
                )
                when published_figures.metric in ('winners', 'awards_by_category')
                    then coalesce(editions.ceremony_at, 'infinity'::timestamptz)
                else '-infinity'::timestamptz
            end
        ) end as public_at
    from published_figures
    left join editions on editions.edition = published_figures.edition
)

select * from dated where not public or public_at <= as_of;
