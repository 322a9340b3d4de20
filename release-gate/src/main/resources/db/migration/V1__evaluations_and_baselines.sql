-- The release gate's own tables, in its own schema (release_gate) of the platform's database.

-- One evaluation per (trigger key, suite): a deployment delivered twice finds its row and starts nothing.
create table evaluation (
    evaluation_id     varchar(64)   primary key,
    trigger_key       varchar(700)  not null,
    suite             varchar(100)  not null,
    suite_version     integer       not null,
    trigger_kind      varchar(16)   not null,   -- DEPLOYMENT (topic), WEBHOOK, SCHEDULE, API
    endpoint_id       varchar(200)  not null,
    model_name        varchar(200),
    lineage           varchar(200)  not null,   -- the baseline key: the family, else the endpoint
    base_url          varchar(1000),
    baseline_run_id   varchar(64),              -- a named reference run instead of the promoted baseline
    status            varchar(16)   not null,   -- RUNNING, DECIDED, REFUSED, ERROR
    verdict           varchar(16),
    reason            varchar(2000),
    created_at        timestamp with time zone not null,
    decided_at        timestamp with time zone,
    constraint evaluation_trigger_once unique (trigger_key, suite)
);
create index evaluation_status on evaluation (status);

-- One stress run per benchmark of the suite, and its comparison with the baseline run.
create table evaluation_run (
    evaluation_id     varchar(64)   not null references evaluation (evaluation_id),
    benchmark         varchar(100)  not null,
    run_id            varchar(64),
    prompt_count      integer,
    status            varchar(16)   not null,   -- STARTING, RUNNING, COMPLETE, ABORTED, ERROR
    baseline_run_id   varchar(64),
    metric            varchar(16),
    base_value        double precision,
    candidate_value   double precision,
    difference        double precision,
    ci_low            double precision,
    ci_high           double precision,
    p_value           double precision,
    questions         integer,
    verdict           varchar(16),
    reason            varchar(2000),
    primary key (evaluation_id, benchmark)
);

-- The promoted baseline run per (lineage, suite, benchmark).
create table baseline (
    lineage           varchar(200)  not null,
    suite             varchar(100)  not null,
    benchmark         varchar(100)  not null,
    run_id            varchar(64)   not null,
    evaluation_id     varchar(64),
    promoted_at       timestamp with time zone not null,
    primary key (lineage, suite, benchmark)
);
