-- purpose: what organisers did during a call (event add), as the viewer may see it: every
--          viewer but organisers ($public) sees public events only, and none after $as_of
-- grain: one row per event
-- params: $edition (null for every edition), $as_of (null: every event, planned ones too),
--         $public (true for every viewer but organisers)
-- used by: data.events(), the Intake page's charts and list, the Data page's events table,
--          event list
with visible as (
    select *
    from events
    where ($edition is null or edition = $edition)
        and ($as_of is null or event_at <= $as_of)
        and (not coalesce($public, true) or public)
),

final as (
    select
        visible.event_id,
        visible.edition,
        editions.year,
        visible.event_at,
        visible.kind,
        visible.text_en,
        visible.text_ko,
        visible.public
    from visible
    left join editions on editions.edition = visible.edition
)

select * from final order by event_at, event_id
