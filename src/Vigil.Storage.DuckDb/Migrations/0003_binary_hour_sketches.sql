-- The hourly per-dimension sketches become binary, with their p50/p95/p99 buckets beside them.
-- The text "bucket:n,…" of 0001 cost more to parse than the rest of a month-long stats query; now a
-- point made of one hourly sketch reads three SMALLINTs, and merging decodes a BLOB (SketchBlob.cs):
-- a version byte 01, then per non-empty bucket in ascending order two unsigned LEB128 varints, the
-- bucket (the first zigzag-encoded, every later one as its distance from the previous) and the count.

-- Unsigned LEB128 of a BIGINT v >= 0, as lowercase hex.
CREATE MACRO sketch_varint_hex(v) AS
    CASE
        WHEN v < 128 THEN printf('%02x', v)
        WHEN v < 16384 THEN printf('%02x%02x', (v & 127) | 128, v >> 7)
        ELSE array_to_string(
            list_transform(
                list_filter(range(0, 10), lambda i: i = 0 OR (v >> (7 * i)) > 0),
                lambda i: printf('%02x', ((v >> (7 * i)) & 127) | CASE WHEN (v >> (7 * (i + 1))) > 0 THEN 128 ELSE 0 END)),
            '')
    END;

-- One (bucket, count) pair as hex; previous is the sketch's preceding bucket, NULL for the first.
CREATE MACRO sketch_pair_hex(bucket, previous, n) AS
    sketch_varint_hex(
        CASE
            WHEN previous IS NOT NULL THEN CAST(bucket AS BIGINT) - CAST(previous AS BIGINT)
            WHEN bucket >= 0 THEN 2 * CAST(bucket AS BIGINT)
            ELSE -2 * CAST(bucket AS BIGINT) - 1
        END)
    || sketch_varint_hex(CAST(n AS BIGINT));

-- One row per (hour, dim, value, metric): the quantile buckets by the rank rule of
-- QuantileSketch.Quantile (the first bucket whose running count exceeds q·(n − 1)), and the sketch.
CREATE TABLE rollup_hour_dim_sketch_binary (
    project_id          VARCHAR       NOT NULL,
    hour                TIMESTAMP     NOT NULL,
    dim                 TINYINT       NOT NULL,
    value               VARCHAR       NOT NULL,
    metric              TINYINT       NOT NULL,
    p50_bucket          SMALLINT      NOT NULL,
    p95_bucket          SMALLINT      NOT NULL,
    p99_bucket          SMALLINT      NOT NULL,
    sketch              BLOB          NOT NULL
);

-- The quantile and blob expressions of RollupCompactor, over the pairs of each text sketch (already
-- one per bucket, in bucket order), per source row: the pairs carry only its rowid, the key columns
-- join back afterwards (a month of hours at 10 M spans is millions of pairs).
INSERT INTO rollup_hour_dim_sketch_binary
SELECT old.project_id, old.hour, old.dim, old.value, old.metric, new.p50_bucket, new.p95_bucket, new.p99_bucket, new.sketch
FROM rollup_hour_dim_sketch old
JOIN (
    SELECT id,
           CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.5' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p50_bucket,
           CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.95' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p95_bucket,
           CAST(coalesce(min(bucket) FILTER (WHERE seen > CAST('0.99' AS DOUBLE) * (total - 1)), max(bucket)) AS SMALLINT) AS p99_bucket,
           unhex('01' || string_agg(sketch_pair_hex(bucket, previous, n), '' ORDER BY bucket)) AS sketch
    FROM (
        SELECT *,
               sum(n) OVER (PARTITION BY id ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS seen,
               sum(n) OVER (PARTITION BY id) AS total,
               lag(bucket) OVER (PARTITION BY id ORDER BY bucket) AS previous
        FROM (
            SELECT id, CAST(split_part(pair, ':', 1) AS SMALLINT) AS bucket, CAST(split_part(pair, ':', 2) AS BIGINT) AS n
            FROM (SELECT rowid AS id, unnest(string_split(sketch, ',')) AS pair FROM rollup_hour_dim_sketch)
        )
        WHERE n > 0
    )
    GROUP BY id
) new ON new.id = old.rowid
ORDER BY old.hour, old.project_id;

DROP TABLE rollup_hour_dim_sketch;
ALTER TABLE rollup_hour_dim_sketch_binary RENAME TO rollup_hour_dim_sketch;
