-- Sequential verdicts with early stop, per-level checks, and runs resumed after a restart (issue 12 item 4).

-- what the interleaved order and the pairing need, as the composer planned the run
alter table evaluation_run add column levels varchar(200);
alter table evaluation_run add column question_count integer;
alter table evaluation_run add column samples integer;
alter table evaluation_run add column order_seed bigint;
-- prompts the verdict read (whole rounds), prompts completed in all, prompts never called (cancelled)
alter table evaluation_run add column prompts_used integer;
alter table evaluation_run add column prompts_completed integer;
alter table evaluation_run add column prompts_cancelled integer;
-- per-level checks and their verdicts, as JSON: [{"name","level","difference","ciLow","ciHigh","maxDrop","verdict"}]
alter table evaluation_run add column checks varchar(8000);
-- who is starting the run: a STARTING run whose claim is older than gate.start-grace is started by the next sweep
alter table evaluation_run add column start_claimed_at timestamp with time zone;
update evaluation_run set start_claimed_at = now() where status = 'STARTING';
