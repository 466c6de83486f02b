using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Spend over a range from the rollups (whole hours from rollup_hour, the rest from rollup_minute),
/// per (feature, team); the unpriced models come from raw spans. A line's calls are the calls that
/// used tokens (priced + unpriced); lines with neither calls nor cost are left out.
/// </summary>
internal static class CostReader
{
    public const int MaxUnpricedModels = 50;

    public static async Task<CostReport> ReadAsync(DuckDbDatabase database, CostQuery query, CancellationToken cancellationToken)
    {
        var from = Time.CeilTo(Time.ToMicros(query.Range.From), Time.MicrosPerMinute);
        var to = Time.CeilTo(Time.ToMicros(query.Range.To), Time.MicrosPerMinute);
        var lines = new List<CostLine>();
        var unpricedModels = new List<UnpricedModel>();
        if (to > from)
        {
            using var connection = database.OpenReader();
            await ReadLinesAsync(connection, query, from, to, lines, cancellationToken);
            await ReadUnpricedModelsAsync(connection, query, from, to, unpricedModels, cancellationToken);
        }

        return new CostReport
        {
            Range = query.Range,
            TotalCost = lines.Sum(l => l.Cost),
            PricedCalls = lines.Sum(l => l.PricedCalls),
            UnpricedCalls = lines.Sum(l => l.UnpricedCalls),
            ByFeatureAndTeam = lines,
            UnpricedModels = unpricedModels,
        };
    }

    private static async Task ReadLinesAsync(
        DuckDB.NET.Data.DuckDBConnection connection, CostQuery query, long from, long to, List<CostLine> lines, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var (resolution, _) = RollupSource.Choose(query.Filter, Time.MicrosPerHour, groupBy: null);
        var source = new RollupSource(sql, query.ProjectId, from, to, query.Filter, resolution);
        sql.Append("""
            SELECT feature, team, sum(cost_sum)::DECIMAL(38, 10) AS cost, sum(priced_calls)::BIGINT AS priced,
                   sum(unpriced_calls)::BIGINT AS unpriced, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT
            FROM
            """);
        source.AppendMeasures(sql);
        sql.Append("""
             GROUP BY feature, team
            HAVING sum(priced_calls) + sum(unpriced_calls) > 0 OR sum(cost_sum) <> 0
            ORDER BY cost DESC, feature, team
            """);
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var priced = reader.GetInt64(3);
            var unpriced = reader.GetInt64(4);
            lines.Add(new CostLine(
                reader.GetString(0),
                reader.GetString(1).NullIfEmpty(),
                reader.GetDecimal(2),
                priced + unpriced,
                priced,
                unpriced,
                reader.GetInt64(5),
                reader.GetInt64(6)));
        }
    }

    private static async Task ReadUnpricedModelsAsync(
        DuckDB.NET.Data.DuckDBConnection connection, CostQuery query, long from, long to, List<UnpricedModel> models, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var project = sql.Param(query.ProjectId);
        var filter = DimensionFilter.Clause(sql, query.Filter, allowUser: true);
        sql.Append($"""
            SELECT provider, model, count(*) AS calls FROM (
                SELECT {RollupWriter.SpanDimensions}, user_id
                FROM spans
                WHERE project_id = {project} AND pricing = 2
                  AND start_time >= make_timestamp({sql.Param(from)}) AND start_time < make_timestamp({sql.Param(to)})
            ) WHERE true{filter}
            GROUP BY provider, model
            ORDER BY calls DESC, provider, model
            LIMIT {sql.Param(MaxUnpricedModels)}
            """);
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new UnpricedModel(reader.GetString(0).NullIfEmpty(), reader.GetString(1).NullIfEmpty(), reader.GetInt64(2)));
        }
    }
}
