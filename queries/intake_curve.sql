-- purpose: arrivals of every edition by calendar days before its deadline (Asia/Seoul), with
--          the running total, so that editions can be laid over each other at the deadline
-- grain: one row per (edition, days before the deadline) with at least one entry; days_before
--        is 0 on the deadline day and negative for late entries
-- params: $as_of, $public, and the filters ($regions, $countries, $categories,
--         $applicant_types, $stages: lists, or null for all)
-- used by: data.intake_curve(), intake.pace(), intake.projection(), charts.intake_curve()
with entries as (
    select * from filtered_entries($as_of, $public, $regions, $countries, $categories,
        $applicant_types, $stages)
),

dated as (
    select
        entries.edition,
        entries.year,
        days_before(entries.submitted_at, editions.call_closes_at) as days_before,
        entries.submitted_at > editions.call_closes_at as is_late
    from entries
    inner join editions on editions.edition = entries.edition
    where editions.call_closes_at is not null
),

daily as (
    select
        edition,
        any_value(year) as year,
        days_before,
        count(*) as entries,
        count(*) filter (where is_late) as late
    from dated
    group by edition, days_before
),

final as (
    select
        *,
        (sum(entries) over (
            partition by edition order by days_before desc rows unbounded preceding
        ))::bigint as cumulative
    from daily
)

select * from final order by edition, days_before desc
