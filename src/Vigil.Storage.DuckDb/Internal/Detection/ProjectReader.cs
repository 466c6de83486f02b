using Vigil.Core.Queries;
using static Vigil.Storage.DuckDb.Internal.Detection.DetectionSql;

namespace Vigil.Storage.DuckDb.Internal.Detection;

/// <summary>The projects with spans in a range: those the detectors run for.</summary>
internal static class ProjectReader
{
    public static async Task<IReadOnlyList<string>> ReadAsync(DuckDbDatabase database, TimeRange range, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        sql.Append($"""
            SELECT DISTINCT project_id FROM spans
            WHERE start_unix_nano >= {sql.Param(Nanos(range.From))} AND start_unix_nano < {sql.Param(Nanos(range.To))}
            ORDER BY project_id
            """);
        return await ReadRowsAsync(database, sql, r => r.GetString(0), cancellationToken);
    }
}
