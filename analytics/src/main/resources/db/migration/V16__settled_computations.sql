-- A settled run's report and analysis never change: once computed they are stored here (gzip'd JSON), so a restart or
-- another analytics replica reads them instead of reading and analysing every slot again (persistence.
-- SettledComputations; docs/reports.md, "Freshness"). version: the run version and the value's shape they were
-- computed for; a row whose version differs is computed again and replaced.
create table settled_computation (
    run_id       varchar(64)  not null,
    kind         varchar(16)  not null,
    version      varchar(200) not null,
    body         bytea        not null,
    computed_at  timestamp with time zone not null,
    primary key (run_id, kind)
);
