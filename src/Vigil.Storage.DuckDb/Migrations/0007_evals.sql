-- Evaluation datasets (immutable, numbered versions of items) and offline runs (summary, gate verdict,
-- per-item detail). Written only by DuckDbEvalStore: one transaction per saved version or run, the
-- header by INSERT and the items by Appender in that transaction, so a version or a run is stored
-- whole or not at all. JSON columns are text (VARCHAR), like releases.model_parameters; their shapes
-- are those of Internal/EvalJson.cs. Times are TIMESTAMP (UTC, µs).

-- A dataset version; the latest version of a dataset is the one with the highest number.
CREATE TABLE eval_datasets (
    project_id          VARCHAR       NOT NULL,
    name                VARCHAR       NOT NULL,
    version             INTEGER       NOT NULL,  -- from 1; a run names name@version
    item_count          INTEGER       NOT NULL,  -- rows in eval_dataset_items for this version
    created_at          TIMESTAMP     NOT NULL,
    created_by          VARCHAR       NOT NULL,
    note                VARCHAR,                 -- what the version changed, e.g. 'imported golden.jsonl'
    content_hash        VARCHAR       NOT NULL,  -- SHA-256 (hex) of the version's JSONL form
    PRIMARY KEY (project_id, name, version)
);

-- The items of a version, in stored order (ordinal from 0).
CREATE TABLE eval_dataset_items (
    project_id          VARCHAR       NOT NULL,
    name                VARCHAR       NOT NULL,
    version             INTEGER       NOT NULL,
    ordinal             INTEGER       NOT NULL,
    item_id             VARCHAR       NOT NULL,  -- unique within the version: runs pair items by it
    input               VARCHAR       NOT NULL,
    expected            VARCHAR,                 -- NULL: no reference answer
    context             VARCHAR       NOT NULL,  -- JSON array of {id, text}, in order; '[]' when none
    metadata            VARCHAR       NOT NULL,  -- JSON object name → value (text); '{}' when none
    PRIMARY KEY (project_id, name, version, ordinal)
);

-- A finished run. Ids are unique within a project. Listed newest first: started_at DESC, id DESC.
CREATE TABLE eval_runs (
    project_id          VARCHAR       NOT NULL,
    id                  VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    release_id          VARCHAR,                 -- NULL: the run called a bare model
    target              VARCHAR       NOT NULL,  -- what was called, for people
    dataset             VARCHAR       NOT NULL,
    dataset_version     INTEGER       NOT NULL,
    scorers             VARCHAR       NOT NULL,  -- JSON array of scorer names, in order
    started_at          TIMESTAMP     NOT NULL,
    finished_at         TIMESTAMP     NOT NULL,
    item_count          INTEGER       NOT NULL,  -- rows in eval_run_items for this run
    error_count         INTEGER       NOT NULL,
    summary             VARCHAR       NOT NULL,  -- JSON array of {scorer, count, mean, mean_low, mean_high, pass_rate, pass_rate_low, pass_rate_high}
    gate                VARCHAR,                 -- JSON {passed, checks: [{kind, scorer, metric, limit, observed, bound, baseline_run_id, passed, explanation}]}; NULL: no gate asked for
    created_by          VARCHAR       NOT NULL,
    PRIMARY KEY (project_id, id)
);

-- A run's items, in dataset order (ordinal from 0).
CREATE TABLE eval_run_items (
    project_id          VARCHAR       NOT NULL,
    run_id              VARCHAR       NOT NULL,
    ordinal             INTEGER       NOT NULL,
    item_id             VARCHAR       NOT NULL,
    input               VARCHAR       NOT NULL,
    output              VARCHAR,                 -- NULL when the target call failed
    error               VARCHAR,                 -- why it failed; NULL when it answered
    latency_ms          DOUBLE,
    input_tokens        INTEGER,
    output_tokens       INTEGER,
    scores              VARCHAR       NOT NULL,  -- JSON array of {scorer, value, passed, explanation}, in scorer order
    PRIMARY KEY (project_id, run_id, ordinal)
);
