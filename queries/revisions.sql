-- purpose: every change of a figure between one release and the next (the imports that wrote
--          release_figures, in order): its value before and after, the release's moment and
--          reason, and whether it was public at both releases (a revision the press may read:
--          a figure changed before it was public is no public revision)
-- grain: one row per figure and release that changed it
-- params: edition (null: every edition), as_of (releases up to then), public (only revisions
--         of figures public at both releases)
-- used by: revisions.history(), the `revisions` command, the press room, the About page, the
--          press kit's revisions.csv, the `r` flag
with releases as (
    select
        import_id,
        coalesce(released_at, finished_at) as released_at,
        reason
    from imports
),

numbered as (
    select
        import_id,
        row_number() over (order by import_id) as release_no
    from (select distinct import_id from release_figures)
),

figures as (
    select
        release_figures.*,
        numbered.release_no
    from release_figures
    inner join numbered on numbered.import_id = release_figures.import_id
    where $edition is null or release_figures.edition = $edition
),

changed as (
    select
        after.edition,
        after.metric,
        after.dimension,
        before.value as previous_value,
        after.value,
        before.public and after.public as public,
        after.import_id
    from figures as after
    inner join figures as before
        on before.edition = after.edition
        and before.metric = after.metric
        and before.dimension = after.dimension
        and before.release_no = after.release_no - 1
    where before.value <> after.value
),

final as (
    select
        changed.edition,
        changed.metric,
        changed.dimension,
        changed.previous_value,
        changed.value,
        changed.public,
        changed.import_id,
        releases.released_at,
        releases.reason
    from changed
    inner join releases on releases.import_id = changed.import_id
    where releases.released_at <= $as_of
        and (not $public or changed.public)
)

select * from final
order by edition, released_at, import_id, metric, dimension
