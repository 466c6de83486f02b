using DuckDB.NET.Data;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// Millions of plausible spans generated inside DuckDB (for the timing check): four spans per trace,
/// 10 features, 4 teams, 5 models of 3 providers, 3 releases, 4 stages, 1,000 users, 2 % errors,
/// 5 % unpriced. Rollups are added per day as if each day were one batch.
/// </summary>
internal static class SyntheticData
{
    public static int Insert(DuckDBConnection connection, long count, DateTimeOffset start, int days)
    {
        var startMicros = Time.ToMicros(start);
        var spanMicros = days * 86_400_000_000L / count;
        connection.Execute(
            """
            INSERT INTO spans
            SELECT 'p1', md5(CAST(i // 4 AS VARCHAR)), substr(md5(CAST(i AS VARCHAR)), 1, 16),
                   CASE WHEN i % 4 = 0 THEN NULL ELSE substr(md5(CAST(i - i % 4 AS VARCHAR)), 1, 16) END,
                   CASE WHEN i % 4 = 0 THEN 'POST /ask' ELSE 'chat' END, 3,
                   make_timestamp(start_us), start_us * 1000, (50 + hash(i) % 3000) * 1000000, CASE WHEN i % 50 = 7 THEN 2 ELSE 1 END,
                   NULL, NULL, 'svc', 'feature-' || (i // 4 % 10), 'team-' || (i // 4 % 4), 'user-' || (i // 4 % 1000),
                   NULL, NULL, 'prod', NULL, 'chat',
                   ['end_to_end', 'retrieval', 'generation', 'tool'][i % 4 + 1],
                   ['openai', 'anthropic', 'google'][i % 5 % 3 + 1], 'model-' || (i % 5), NULL, 'r' || (i // 100000 % 3),
                   NULL, NULL, NULL,
                   100 + hash(i) % 2000, 10 + hash(i) % 500, NULL, NULL, NULL,
                   CASE WHEN i % 20 = 3 THEN NULL ELSE CAST((hash(i) % 10000) / 1000000.0 AS DECIMAL(18, 10)) END, NULL,
                   CASE WHEN i % 20 = 3 THEN 2 ELSE 1 END, NULL, ['stop'], NULL, NULL, '{"k":"v"}',
                   1 + (i * $days // $count), make_timestamp(start_us), 0
            FROM (SELECT i, $start + i * $step AS start_us FROM range($count) r(i))
            """,
            ("start", startMicros),
            ("step", spanMicros),
            ("count", count),
            ("days", (long)days));
        connection.RegisterScalarFunction<string, long>("vigil_trace_key", (readers, writer, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                writer.WriteValue(TraceKey.Of(readers[0].GetValue<string>(row)), row);
            }
        });
        connection.Execute("UPDATE spans SET trace_key = vigil_trace_key(trace_id)");
        for (var seq = 1; seq <= days; seq++)
        {
            Transactions.Run(connection, c =>
            {
                RollupOracle.Insert(c, seq);
                return 0;
            });
        }

        connection.Execute("SELECT nextval('batch_seq_source') FROM range($n)", ("n", (long)days + 1));
        return days;
    }
}
