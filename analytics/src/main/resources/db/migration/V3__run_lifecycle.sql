-- A run's lifecycle as the composer reports it (RunEvent): PUBLISHING (prompts going out; a composer that dies
-- here finishes the run on restart), COMPOSED (every prompt out) or ABORTED (never fully published; terminal, with
-- the reason). Runs stored before this migration were written on COMPOSED.
alter table run add column state varchar(16) not null default 'COMPOSED';
alter table run add column state_reason varchar(1000);
