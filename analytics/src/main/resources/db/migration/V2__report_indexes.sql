-- Report queries (docs/reports.md). Ingestion stays idempotent: the primary keys of V1 are unchanged.
-- Per-prompt order of a run's slots, with the verdict and level in the index, so the interference query
-- (lag over positions of each prompt) and the exports can read a run in prompt order from the index.
create index question_result_by_run_prompt on question_result (run_id, prompt_id, position)
    include (stress_level, correct);
-- The model table groups every prompt by (model, benchmark, level).
create index prompt_result_by_model on prompt_result (model_id, benchmark, stress_level);
