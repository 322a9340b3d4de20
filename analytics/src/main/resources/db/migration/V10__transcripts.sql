-- Transcripts (docs/reports.md, "Transcripts"): each scored prompt's output and the prompt viewer's spans, gzip'd
-- JSON, written in the transaction of the prompt's scores; the primary key keeps ingestion idempotent.
create table prompt_transcript (
    prompt_id        varchar(300) primary key,
    run_id           varchar(64)  not null,
    content_chars    integer      not null,
    reasoning_chars  integer      not null,
    stored_bytes     integer      not null,
    recorded_at      timestamp with time zone not null,
    body             bytea        not null
);
-- retention deletes by age (analytics.transcripts.retention)
create index prompt_transcript_by_age on prompt_transcript (recorded_at);

-- Each prompt's text once (from stress.prompts), gzip'd JSON of its chat messages, keyed by prompt id.
create table prompt_text (
    prompt_id    varchar(300) primary key,
    run_id       varchar(64)  not null,
    recorded_at  timestamp with time zone not null,
    body         bytea        not null
);
create index prompt_text_by_age on prompt_text (recorded_at);

-- The filtered prompt list (/runs/{id}/prompts): keyset pages in prompt id order within a run, or a run's level ...
create index prompt_result_by_run_prompt on prompt_result (run_id, prompt_id) include (stress_level, outcome, truncated);
create index prompt_result_by_run_level_prompt on prompt_result (run_id, stress_level, prompt_id)
    include (outcome, truncated);
-- ... and each filter's slots found from an index holding only them, in (level, position, prompt) order.
create index question_result_not_correct on question_result (run_id, stress_level, position, prompt_id)
    where not correct;
create index question_result_omitted on question_result (run_id, stress_level, position, prompt_id)
    where omitted;
create index question_result_label_mismatch on question_result (run_id, stress_level, position, prompt_id)
    where flags like '%label-mismatch%';
create index question_result_from_summary on question_result (run_id, stress_level, position, prompt_id)
    where flags like '%from-summary%';
