-- A running run's held analysis (service.RunningAnalyses), written now and then by a replica that holds it, so another
-- replica, or this one after a restart, reads it and folds in only the prompts stored since instead of reading and
-- folding every slot of the run (docs/reports.md, "Freshness"). prompts: how many prompt results it folded in (a write
-- never replaces a checkpoint that folded more). body: gzip'd binary (its format, the newest recorded_at folded, the
-- prompt ids, the analysis' accumulators). Deleted once the run settles.
create table analysis_checkpoint (
    run_id      varchar(64) primary key,
    prompts     bigint      not null,
    body        bytea       not null,
    written_at  timestamp with time zone not null
);
