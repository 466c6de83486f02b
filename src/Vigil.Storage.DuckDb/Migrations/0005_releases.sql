-- Releases (immutable, numbered per feature), their activations (deploy markers) and the audit log.
-- Written only by DuckDbReleaseStore.CommitAsync: one transaction per change. JSON columns are text
-- (VARCHAR), like prices.tiers. Times are TIMESTAMP (UTC, µs).

CREATE TABLE releases (
    project_id          VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    number              INTEGER       NOT NULL,  -- release id 'r' || number
    description         VARCHAR,
    model_provider      VARCHAR       NOT NULL,
    model               VARCHAR       NOT NULL,
    model_parameters    VARCHAR       NOT NULL,  -- JSON object name → value (text)
    prompt_version      VARCHAR       NOT NULL,
    prompt_template     VARCHAR       NOT NULL,
    index_name          VARCHAR,                 -- both NULL: no index axis
    index_version       VARCHAR,
    routing_version     VARCHAR       NOT NULL,
    routing_primaries   VARCHAR       NOT NULL,  -- JSON array of {provider, model, weight}
    routing_fallbacks   VARCHAR       NOT NULL,  -- likewise, in order
    created_at          TIMESTAMP     NOT NULL,
    created_by          VARCHAR       NOT NULL,
    rolled_back_to      VARCHAR,                 -- a rollback: the release id whose axes were copied
    rolled_back_axes    VARCHAR,                 -- and which: 'model,prompt,index,routing' (a subset)
    PRIMARY KEY (project_id, feature, number)
);

-- seq orders activations and audit entries in commit order (one sequence for both: a single writer
-- takes them inside the commit's transaction); `occurred_at` may tie, or even go back, on a fake clock.
CREATE SEQUENCE release_event_seq START 1;

-- The feature's active release is the release_id of its activation with the highest seq.
CREATE TABLE release_activations (
    project_id          VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    seq                 BIGINT        NOT NULL,
    release_id          VARCHAR       NOT NULL,
    previous_release_id VARCHAR,
    occurred_at         TIMESTAMP     NOT NULL,  -- "at" is a keyword in DuckDB
    actor               VARCHAR       NOT NULL,
    reason              VARCHAR       NOT NULL,
    changes             VARCHAR       NOT NULL,  -- JSON array of {axis, field, from, to}
    PRIMARY KEY (project_id, feature, seq)
);

CREATE TABLE release_audit (
    project_id          VARCHAR       NOT NULL,
    feature             VARCHAR       NOT NULL,
    seq                 BIGINT        NOT NULL,
    occurred_at         TIMESTAMP     NOT NULL,  -- "at" is a keyword in DuckDB
    actor               VARCHAR       NOT NULL,
    action              VARCHAR       NOT NULL,  -- 'create', 'activate', 'rollback'
    release_id          VARCHAR       NOT NULL,
    from_release_id     VARCHAR,
    reason              VARCHAR       NOT NULL,
    changes             VARCHAR       NOT NULL,  -- JSON array of {axis, field, from, to}
    PRIMARY KEY (project_id, feature, seq)
);
