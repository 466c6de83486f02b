using Vigil.Core.Queries;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The six rollup dimensions and their numbers in <c>rollup_hour_dim</c>: 0 none, 1 feature, 2 team,
/// 3 model, 4 provider, 5 release, 6 stage. Every column name here is a fixed identifier.
/// </summary>
internal static class Dimensions
{
    public const int None = 0;

    /// <summary>Column names, dimension i + 1 at index i.</summary>
    public static readonly IReadOnlyList<string> Columns = ["feature", "team", "model", "provider", "release", "stage"];

    public const string List = "feature, team, model, provider, release, stage";

    /// <summary>A dimension's value in a row of rollup_hour cross-joined with the dimension numbers <c>d(dim)</c>.</summary>
    public const string ValueOfDim =
        "CASE d.dim WHEN 1 THEN feature WHEN 2 THEN team WHEN 3 THEN model WHEN 4 THEN provider WHEN 5 THEN release WHEN 6 THEN stage ELSE '' END";

    public static int Of(GroupBy groupBy) => groupBy switch
    {
        GroupBy.None => None,
        GroupBy.Feature => 1,
        GroupBy.Team => 2,
        GroupBy.Model => 3,
        GroupBy.Provider => 4,
        GroupBy.Release => 5,
        GroupBy.Stage => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "unknown group-by dimension"),
    };

    /// <summary>The dimensions a filter constrains (user id excluded: no rollup holds it).</summary>
    public static IReadOnlyList<int> Filtered(SpanFilter filter)
    {
        var values = new[] { filter.Feature, filter.Team, filter.Model, filter.Provider, filter.Release, filter.Stage };
        return [.. values.Select((value, i) => (value, dim: i + 1)).Where(p => p.value is not null).Select(p => p.dim)];
    }

    /// <summary>The select list of a projected row: its value in its own dimension's column, '' in the others.</summary>
    public static string ProjectedColumns(int dim) =>
        string.Join(", ", Columns.Select((column, i) => i + 1 == dim ? $"value AS {column}" : $"'' AS {column}"));
}
