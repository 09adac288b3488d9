-- purpose: what the loaded database is (sample or imported) and when it was built
-- grain: one row per meta key
-- params: none
-- used by: data.dataset(), the sample notice
select key, value from meta order by key
