-- Telemetry: raw spans, evaluation results and metric points, and the per-minute and per-hour
-- rollups kept beside them. Dimension columns of the rollups hold '' for "absent" (never NULL),
-- so that they can be grouped and compared without NULL semantics; readers map '' back to null.

CREATE SEQUENCE batch_seq_source START 1;

CREATE TABLE spans (
    project_id          VARCHAR       NOT NULL,
    trace_id            VARCHAR       NOT NULL,
    span_id             VARCHAR       NOT NULL,
    parent_span_id      VARCHAR,
    name                VARCHAR       NOT NULL,
    kind                TINYINT       NOT NULL,
    start_time          TIMESTAMP     NOT NULL,  -- microsecond precision; start_unix_nano keeps the exact value
    start_unix_nano     BIGINT        NOT NULL,
    duration_ns         BIGINT        NOT NULL,
    status              TINYINT       NOT NULL,
    status_message      VARCHAR,
    error_type          VARCHAR,
    service             VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    team                VARCHAR,
    user_id             VARCHAR,
    session_id          VARCHAR,
    conversation_id     VARCHAR,
    environment         VARCHAR,
    segment             VARCHAR,
    operation           VARCHAR,
    stage               VARCHAR,
    provider            VARCHAR,
    request_model       VARCHAR,
    response_model      VARCHAR,
    release             VARCHAR,
    prompt_version      VARCHAR,
    index_version       VARCHAR,
    routing_version     VARCHAR,
    input_tokens        BIGINT,
    output_tokens       BIGINT,
    cache_read_tokens   BIGINT,
    cache_write_tokens  BIGINT,
    reasoning_tokens    BIGINT,
    cost                DECIMAL(18, 10),
    reported_cost       DECIMAL(18, 10),
    pricing             TINYINT       NOT NULL,
    cache_hit           BOOLEAN,
    finish_reasons      VARCHAR[]     NOT NULL,
    input_content       VARCHAR,
    output_content      VARCHAR,
    attributes          VARCHAR       NOT NULL,  -- JSON object of strings (the Appender cannot write MAP)
    batch_seq           BIGINT        NOT NULL,
    ingested_at         TIMESTAMP     NOT NULL,
    trace_key           BIGINT        NOT NULL   -- 64-bit FNV-1a of trace_id: finding a trace scans 8 bytes a row, not 32
);

CREATE TABLE evaluations (
    project_id          VARCHAR       NOT NULL,
    trace_id            VARCHAR       NOT NULL,
    span_id             VARCHAR,
    name                VARCHAR       NOT NULL,
    score_value         DOUBLE,
    score_label         VARCHAR,
    explanation         VARCHAR,
    response_id         VARCHAR,
    source              VARCHAR       NOT NULL,
    time                TIMESTAMP     NOT NULL,
    time_unix_nano      BIGINT        NOT NULL,
    feature             VARCHAR       NOT NULL,
    batch_seq           BIGINT        NOT NULL,
    ingested_at         TIMESTAMP     NOT NULL
);

CREATE TABLE metric_points (
    project_id          VARCHAR       NOT NULL,
    name                VARCHAR       NOT NULL,
    unit                VARCHAR,
    kind                TINYINT       NOT NULL,
    time                TIMESTAMP     NOT NULL,
    time_unix_nano      BIGINT        NOT NULL,
    start_unix_nano     BIGINT        NOT NULL,
    service             VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    value               DOUBLE,
    is_monotonic        BOOLEAN       NOT NULL,
    is_cumulative       BOOLEAN       NOT NULL,
    count               BIGINT,
    min                 DOUBLE,
    max                 DOUBLE,
    bucket_bounds       DOUBLE[]      NOT NULL,
    bucket_counts       BIGINT[]      NOT NULL,
    attributes          VARCHAR       NOT NULL,
    batch_seq           BIGINT        NOT NULL,
    ingested_at         TIMESTAMP     NOT NULL
);

-- One row per (key, minute) per batch until compaction merges them (batch_seq = 0 once compacted).
CREATE TABLE rollup_minute (
    project_id          VARCHAR       NOT NULL,
    minute              TIMESTAMP     NOT NULL,
    feature             VARCHAR       NOT NULL,
    team                VARCHAR       NOT NULL,
    model               VARCHAR       NOT NULL,
    provider            VARCHAR       NOT NULL,
    release             VARCHAR       NOT NULL,
    stage               VARCHAR       NOT NULL,
    span_count          BIGINT        NOT NULL,
    errors              BIGINT        NOT NULL,
    input_tokens        BIGINT        NOT NULL,
    output_tokens       BIGINT        NOT NULL,
    cache_read_tokens   BIGINT        NOT NULL,
    cache_write_tokens  BIGINT        NOT NULL,
    reasoning_tokens    BIGINT        NOT NULL,
    cost_sum            DECIMAL(38, 10) NOT NULL,
    priced_calls        BIGINT        NOT NULL,
    unpriced_calls      BIGINT        NOT NULL,
    duration_ms_sum     DOUBLE        NOT NULL,
    batch_seq           BIGINT        NOT NULL
);

-- Quantile sketches (QuantileSketch buckets): metric 0 = latency in ms, 1 = cost in USD (priced calls only).
CREATE TABLE rollup_minute_sketch (
    project_id          VARCHAR       NOT NULL,
    minute              TIMESTAMP     NOT NULL,
    feature             VARCHAR       NOT NULL,
    team                VARCHAR       NOT NULL,
    model               VARCHAR       NOT NULL,
    provider            VARCHAR       NOT NULL,
    release             VARCHAR       NOT NULL,
    stage               VARCHAR       NOT NULL,
    metric              TINYINT       NOT NULL,
    bucket              SMALLINT      NOT NULL,
    n                   BIGINT        NOT NULL,
    batch_seq           BIGINT        NOT NULL
);

-- Filled by compaction: each hour holds the sum of that hour's compacted minute rows (batch_seq = 0).
CREATE TABLE rollup_hour (
    project_id          VARCHAR       NOT NULL,
    hour                TIMESTAMP     NOT NULL,
    feature             VARCHAR       NOT NULL,
    team                VARCHAR       NOT NULL,
    model               VARCHAR       NOT NULL,
    provider            VARCHAR       NOT NULL,
    release             VARCHAR       NOT NULL,
    stage               VARCHAR       NOT NULL,
    span_count          BIGINT        NOT NULL,
    errors              BIGINT        NOT NULL,
    input_tokens        BIGINT        NOT NULL,
    output_tokens       BIGINT        NOT NULL,
    cache_read_tokens   BIGINT        NOT NULL,
    cache_write_tokens  BIGINT        NOT NULL,
    reasoning_tokens    BIGINT        NOT NULL,
    cost_sum            DECIMAL(38, 10) NOT NULL,
    priced_calls        BIGINT        NOT NULL,
    unpriced_calls      BIGINT        NOT NULL,
    duration_ms_sum     DOUBLE        NOT NULL
);

CREATE TABLE rollup_hour_sketch (
    project_id          VARCHAR       NOT NULL,
    hour                TIMESTAMP     NOT NULL,
    feature             VARCHAR       NOT NULL,
    team                VARCHAR       NOT NULL,
    model               VARCHAR       NOT NULL,
    provider            VARCHAR       NOT NULL,
    release             VARCHAR       NOT NULL,
    stage               VARCHAR       NOT NULL,
    metric              TINYINT       NOT NULL,
    bucket              SMALLINT      NOT NULL,
    n                   BIGINT        NOT NULL
);

-- The hourly rollups projected on one dimension at a time, filled with rollup_hour by compaction:
-- dim 0 = none (value ''), 1 feature, 2 team, 3 model, 4 provider, 5 release, 6 stage. A month of
-- hourly points per feature reads these few rows instead of merging every key's sketch.
CREATE TABLE rollup_hour_dim (
    project_id          VARCHAR       NOT NULL,
    hour                TIMESTAMP     NOT NULL,
    dim                 TINYINT       NOT NULL,
    value               VARCHAR       NOT NULL,
    span_count          BIGINT        NOT NULL,
    errors              BIGINT        NOT NULL,
    input_tokens        BIGINT        NOT NULL,
    output_tokens       BIGINT        NOT NULL,
    cache_read_tokens   BIGINT        NOT NULL,
    cache_write_tokens  BIGINT        NOT NULL,
    reasoning_tokens    BIGINT        NOT NULL,
    cost_sum            DECIMAL(38, 10) NOT NULL,
    priced_calls        BIGINT        NOT NULL,
    unpriced_calls      BIGINT        NOT NULL,
    duration_ms_sum     DOUBLE        NOT NULL
);

-- One row per (hour, dim, value, metric): the whole sketch as text "bucket:n,bucket:n,…" in bucket
-- order. A month of hourly sketches per feature is then 14,400 short strings to read, not a million rows.
CREATE TABLE rollup_hour_dim_sketch (
    project_id          VARCHAR       NOT NULL,
    hour                TIMESTAMP     NOT NULL,
    dim                 TINYINT       NOT NULL,
    value               VARCHAR       NOT NULL,
    metric              TINYINT       NOT NULL,
    sketch              VARCHAR       NOT NULL
);
