-- One row per run, written when the composer has published every prompt of it.
create table run (
    run_id          varchar(64)  primary key,
    model_id        varchar(200) not null,
    benchmark       varchar(100) not null,
    levels          varchar(200) not null,
    question_count  integer      not null,
    samples         integer      not null,
    prompt_count    integer      not null,
    composed_at     timestamp with time zone not null
);

-- One row per prompt that ended: scored, or failed with its reason. The primary key makes ingestion idempotent.
create table prompt_result (
    prompt_id          varchar(300) primary key,
    run_id             varchar(64)  not null,
    model_id           varchar(200) not null,
    benchmark          varchar(100) not null,
    stress_level       integer      not null,
    group_index        integer      not null,
    sample             integer      not null,
    outcome            varchar(16)  not null,
    failure_kind       varchar(32),
    failure_message    varchar(1000),
    finish_reason      varchar(32),
    truncated          boolean      not null,
    prompt_tokens      integer,
    completion_tokens  integer,
    reasoning_tokens   integer,
    latency_ms         bigint       not null,
    recorded_at        timestamp with time zone not null
);
create index prompt_result_by_run on prompt_result (run_id, stress_level);

-- One row per question slot of a prompt (position 1..stress level).
create table question_result (
    prompt_id         varchar(300) not null,
    position          integer      not null,
    run_id            varchar(64)  not null,
    stress_level      integer      not null,
    sample            integer      not null,
    question_id       varchar(200) not null,
    gold              varchar(2000),
    extracted         varchar(4000),
    correct           boolean      not null,
    omitted           boolean      not null,
    reasoning_tokens  integer,
    flags             varchar(500),
    primary key (prompt_id, position)
);
create index question_result_by_run on question_result (run_id, stress_level, position);
