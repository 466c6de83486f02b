-- Control state: API keys (only the SHA-256 of the secret) and imported model prices.

CREATE TABLE api_keys (
    id                  VARCHAR       PRIMARY KEY,
    project_id          VARCHAR       NOT NULL,
    name                VARCHAR       NOT NULL,
    scopes              INTEGER       NOT NULL,
    secret_hash         VARCHAR       NOT NULL UNIQUE,
    created_at          TIMESTAMP     NOT NULL,
    revoked_at          TIMESTAMP
);

-- provider '' means "any provider" (ModelPrice.Provider = null).
CREATE TABLE prices (
    model                   VARCHAR         NOT NULL,
    provider                VARCHAR         NOT NULL,
    effective_from          TIMESTAMP       NOT NULL,
    input_per_million       DECIMAL(18, 9)  NOT NULL,
    output_per_million      DECIMAL(18, 9)  NOT NULL,
    cache_read_per_million  DECIMAL(18, 9),
    cache_write_per_million DECIMAL(18, 9),
    reasoning_per_million   DECIMAL(18, 9),
    tiers                   VARCHAR         NOT NULL,  -- JSON array of PriceTier
    source                  VARCHAR         NOT NULL,
    PRIMARY KEY (model, provider, effective_from)
);
