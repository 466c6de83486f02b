using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The <see cref="SpanFilter"/> as " AND column = $p…" over the normalised dimension columns
/// (<c>feature, team, model, provider, release, stage</c>, '' when absent) and, for raw spans, <c>user_id</c>.
/// </summary>
internal static class DimensionFilter
{
    public static string Clause(SqlBuilder sql, SpanFilter filter, bool allowUser)
    {
        if (filter.UserId is not null && !allowUser)
        {
            throw new ArgumentException("the user id filter cannot be served by the rollups", nameof(filter));
        }

        var clause = string.Empty;
        foreach (var (column, value) in Pairs(filter))
        {
            if (value is not null)
            {
                clause += $" AND {column} = {sql.Param(value)}";
            }
        }

        return clause;
    }

    /// <summary>The SQL expression of a group-by dimension over the normalised columns; a fixed switch, never user text.</summary>
    public static string GroupExpression(GroupBy groupBy) => groupBy switch
    {
        GroupBy.None => "''",
        GroupBy.Feature => "feature",
        GroupBy.Team => "team",
        GroupBy.Model => "model",
        GroupBy.Provider => "provider",
        GroupBy.Release => "release",
        GroupBy.Stage => "stage",
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "unknown group-by dimension"),
    };

    private static IEnumerable<(string Column, string? Value)> Pairs(SpanFilter filter) =>
    [
        ("feature", filter.Feature),
        ("team", filter.Team),
        ("model", filter.Model),
        ("provider", filter.Provider),
        ("release", filter.Release),
        ("stage", filter.Stage),
        ("user_id", filter.UserId),
    ];
}
