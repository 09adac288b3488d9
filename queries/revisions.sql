-- purpose: every change of a figure from one release that recorded it to the next (the imports
--          that wrote release_figures, in order): its value before and after, the release's moment and
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

-- each figure beside its value at the last release before that recorded it (a release records
-- the figures of the editions it touched: the others could not move)
figures as (
    select
        *,
        lag(value) over by_figure as previous_value,
        lag(public) over by_figure as previous_public
    from release_figures
    where $edition is null or edition = $edition
    window by_figure as (partition by edition, metric, dimension order by import_id)
),

changed as (
    select
        edition,
        metric,
        dimension,
        previous_value,
        value,
        previous_public and public as public,
        import_id
    from figures
    where previous_value is not null and previous_value <> value
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
