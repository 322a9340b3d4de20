-- Score schema 2 (contracts): reasoning and answer tokens apart, the paper's error category per slot, and the
-- reasoning tokens no question could be given. Version-1 events leave them null.
alter table question_result add column answer_tokens integer;
alter table question_result add column error_category varchar(32);
alter table prompt_result add column unattributed_reasoning_tokens integer;
-- What makes two runs comparable (docs/metrics.md, "Comparable runs"): the generation settings, system prompt,
-- levels, samples and questions of the run's spec (PUBLISHING event); null for runs known only from COMPOSED.
alter table run add column settings_key varchar(500);
-- The report reads a run's slots grouped by question (clustered intervals, paired effort).
create index question_result_by_run_question on question_result (run_id, question_id);
