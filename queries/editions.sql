-- purpose: every edition with its dates and how many entries the database holds for it
-- grain: one row per edition (editions.csv, plus any edition that has entries but no dates)
-- params: none
-- used by: data.editions(), the edition selector, figures' default edition
with entry_counts as (
    select edition, count(*) as entries
    from submissions
    group by edition
),

all_editions as (
    select edition from editions
    union
    select edition from entry_counts
),

final as (
    select
        all_editions.edition,
        coalesce(editions.year, 2022 + all_editions.edition) as year,
        editions.call_opens_at,
        editions.call_closes_at,
        editions.finalists_announced_at,
        editions.ceremony_at,
        editions.venue,
        editions.note,
        coalesce(entry_counts.entries, 0) as entries
    from all_editions
    left join editions on editions.edition = all_editions.edition
    left join entry_counts on entry_counts.edition = all_editions.edition
)

select * from final order by edition
