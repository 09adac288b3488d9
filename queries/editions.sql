-- purpose: every edition with its dates and how many entries the database holds for it
-- grain: one row per edition (editions.csv, plus any edition that has entries but no dates)
-- params: none
-- used by: data.editions(), the edition selector, figures' default edition
with entry_counts as (
    select edition, count(*) as entries
    from submissions
    group by edition
),

final as (
    select
        coalesce(editions.edition, entry_counts.edition) as edition,
        coalesce(editions.year, 2022 + coalesce(editions.edition, entry_counts.edition)) as year,
        editions.call_opens_at,
        editions.call_closes_at,
        editions.finalists_announced_at,
        editions.ceremony_at,
        editions.venue,
        editions.note,
        coalesce(entry_counts.entries, 0) as entries
    -- a full join keeps an edition with dates and no entries, and one with entries and no dates
    from editions
    full join entry_counts on entry_counts.edition = editions.edition
)

select * from final order by edition
