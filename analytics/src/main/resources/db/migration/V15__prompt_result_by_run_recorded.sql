-- A running run's slots are kept in memory by the analytics service and brought up to date from the prompts recorded
-- since its newest one (service.RunningAnalyses; docs/reports.md, "Freshness"): this index finds them without reading
-- the run's other prompts.
create index prompt_result_by_run_recorded on prompt_result (run_id, recorded_at) include (truncated);
