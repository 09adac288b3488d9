-- purpose: the last moment at or before $as_of at which an edition's figures changed, as the
--          viewer may see them: an entry arriving, being screened, becoming a finalist or a
--          winner (each when it is known, by the rules of _macros.sql), the call closing, and
--          an import or an edit by hand that touched the edition (imports.editions_replaced);
--          what a closed edition's figures are dated by (statements.dated), never the moment
--          they are read. Not meta.built_at: every write sets it anew, edits of other editions
--          too, and a build's data carries its own moments
-- grain: one row, changed_at (null when nothing changed by $as_of)
-- params: edition, as_of, public
-- used by: press.figures_changed_at(), the pages' source lines, the press kit, the report
with edition_dates as (
    select * from editions where edition = $edition
),

entries as (
    select
        submissions.*,
        edition_dates.finalists_announced_at,
        edition_dates.ceremony_at
    from submissions
    left join edition_dates on edition_dates.edition = submissions.edition
    where submissions.edition = $edition
),

changes as (
    select submitted_at as moment from entries
    union all
    select coalesce(screened_at, finalist_at, finalists_announced_at, ceremony_at)
    from entries
    where stage in ('ineligible', 'eligible', 'finalist', 'winner')
    union all
    select
        case
            when $public then greatest(
                coalesce(finalist_at, finalists_announced_at, ceremony_at),
                coalesce(finalists_announced_at, ceremony_at)
            )
            else coalesce(finalist_at, finalists_announced_at, ceremony_at)
        end
    from entries
    where stage in ('finalist', 'winner')
    union all
    select ceremony_at from entries where stage = 'winner'
    union all
    select call_closes_at from edition_dates
    union all
    select finished_at from imports
    where list_contains(string_split(coalesce(editions_replaced, ''), ','), cast($edition as varchar))
),

final as (
    select max(moment) as changed_at
    from changes
    where moment is not null and isfinite(moment) and moment <= $as_of
)

select * from final
