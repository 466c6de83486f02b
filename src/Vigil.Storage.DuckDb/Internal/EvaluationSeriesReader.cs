using Vigil.Core.Queries;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Answers <see cref="EvaluationSeriesQuery"/> from the raw evaluations (no rollup holds them): SQL
/// counts and sums per (name, release, bucket); C# orders the series and totals them from the same
/// sums. Evaluations are appended in commit order, which is roughly time order, so the time predicate
/// skips most row groups of a long table by their zone maps. Scores that are not finite are not
/// scored (none is stored: ingest, online evaluation and feedback all refuse them).
/// </summary>
internal static class EvaluationSeriesReader
{
    public static async Task<EvaluationSeries> ReadAsync(DuckDbDatabase database, EvaluationSeriesQuery query, CancellationToken cancellationToken)
    {
        query.ThrowIfInvalid();
        var stepNanos = query.Step.Ticks * 100;
        var from = Nanos(query.Range.From);
        var to = Nanos(query.Range.To);
        if (to <= from)
        {
            return Answer(query, []);
        }

        var sql = new SqlBuilder();
        var step = sql.Param(stepNanos);
        var judged = string.Join(", ", EvaluationLabels.Pass.Concat(EvaluationLabels.Fail).Select(l => sql.Param(l.ToLowerInvariant())));
        var passed = string.Join(", ", EvaluationLabels.Pass.Select(l => sql.Param(l.ToLowerInvariant())));
        sql.Append($"""
            SELECT name, release, (time_unix_nano // {step}) * {step} AS bucket,
                   count(*)::BIGINT,
                   count(*) FILTER (WHERE isfinite(score_value))::BIGINT,
                   coalesce(sum(score_value) FILTER (WHERE isfinite(score_value)), 0)::DOUBLE,
                   count(*) FILTER (WHERE lower(score_label) IN ({judged}))::BIGINT,
                   count(*) FILTER (WHERE lower(score_label) IN ({passed}))::BIGINT
            FROM evaluations
            WHERE project_id = {sql.Param(query.ProjectId)} AND feature = {sql.Param(query.Feature)}
              AND time_unix_nano >= {sql.Param(from)} AND time_unix_nano < {sql.Param(to)}
            """);
        if (query.Name is not null)
        {
            sql.Append($" AND name = {sql.Param(query.Name)}");
        }

        sql.Append(query.Source switch
        {
            EvaluationSourceKind.Online => $" AND starts_with(source, {sql.Param(EvaluationResult.OnlineSourcePrefix)})",
            EvaluationSourceKind.Feedback => $" AND source = {sql.Param(EvaluationResult.FeedbackSource)}",
            EvaluationSourceKind.Otlp => $" AND source = {sql.Param(EvaluationResult.OtlpSource)}",
            _ => "",
        });
        sql.Append(" GROUP BY 1, 2, 3");

        var rows = new Dictionary<(string Name, string? Release), List<Row>>();
        using var connection = database.OpenReader();
        await using (var command = sql.CreateCommand(connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
                if (!rows.TryGetValue(key, out var list))
                {
                    rows[key] = list = [];
                }

                list.Add(new Row(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDouble(5), reader.GetInt64(6), reader.GetInt64(7)));
            }
        }

        var series = rows
            .OrderBy(p => p.Key.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Release is null)
            .ThenBy(p => p.Key.Release, StringComparer.Ordinal)
            .Select(p => Series(p.Key.Name, p.Key.Release, p.Value))
            .ToList();
        return Answer(query, series);
    }

    private static EvaluationReleaseSeries Series(string name, string? release, List<Row> rows)
    {
        rows.Sort((a, b) => a.Bucket.CompareTo(b.Bucket));
        var points = rows
            .Select(r => new EvaluationPoint(DateTimeOffset.UnixEpoch.AddTicks(r.Bucket / 100), r.Count, r.Scored, Mean(r.ScoreSum, r.Scored), r.Judged, r.Passed))
            .ToList();
        var total = new EvaluationTally(
            rows.Sum(r => r.Count), rows.Sum(r => r.Scored), Mean(rows.Sum(r => r.ScoreSum), rows.Sum(r => r.Scored)), rows.Sum(r => r.Judged), rows.Sum(r => r.Passed));
        return new EvaluationReleaseSeries(name, release, total, points);
    }

    private static EvaluationSeries Answer(EvaluationSeriesQuery query, IReadOnlyList<EvaluationReleaseSeries> series) =>
        new(query.Feature, query.Name, query.Source, query.Range, query.Step, series);

    private static double? Mean(double sum, long count) => count == 0 ? null : sum / count;

    /// <summary>Nanoseconds since the epoch, clamped to what a long holds (years 1678 to 2262).</summary>
    private static long Nanos(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks > long.MaxValue / 100 ? long.MaxValue : ticks < long.MinValue / 100 ? long.MinValue : ticks * 100;
    }

    private readonly record struct Row(long Bucket, long Count, long Scored, double ScoreSum, long Judged, long Passed);
}
