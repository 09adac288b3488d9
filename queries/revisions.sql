-- purpose: every figure a release moved (release_figures: its value just before the change
--          and after, at the release's moment): before and after, the release's moment and
--          reason, and whether it was public before and after (a revision the press may read:
--          a figure changed before it was public is no public revision)
-- grain: one row per figure and release that changed it
-- params: edition (null: every edition), as_of (releases up to then), public (only revisions
--         of figures public before and after the change)
-- used by: revisions.history(), the `revisions` command, the press room, the About page, the
--          press kit's revisions.csv, the `r` flag
with releases as (
    select
        import_id,
        coalesce(released_at, finished_at) as released_at,
        reason
    from imports
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
    from release_figures
    where ($edition is null or edition = $edition)
        and previous_value is not null
        and previous_value <> value
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
