-- The ingest journal's watermark: the highest journal record committed to this store. It moves in
-- the same transaction as the rows of that record, so after a crash the server replays exactly the
-- records above it (none twice, none lost).

CREATE TABLE ingest_journal (
    watermark           BIGINT        NOT NULL
);

INSERT INTO ingest_journal VALUES (0);
