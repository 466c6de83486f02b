using System.Globalization;

namespace Vigil.Core.Slos;

/// <summary>The trace search behind an SLO's alert: its scope, its long window, and what makes an event bad where the search can say it.</summary>
public static class TracesLink
{
    public static string For(SloDefinition slo, DateTimeOffset from, DateTimeOffset to)
    {
        var sli = slo.Indicator;
        var scope = sli.Scope;
        var query = new List<string>
        {
            Pair("from", from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            Pair("to", to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            Pair("feature", scope.Feature),
        };
        Add(query, "team", scope.Team);
        Add(query, "stage", scope.Stage);
        Add(query, "provider", scope.Provider);
        Add(query, "model", scope.Model);
        switch (sli.Kind)
        {
            case SliKind.Availability:
                query.Add("status=error");
                break;
            case SliKind.Latency:
                query.Add(Pair("minLatencyMs", sli.LatencyThreshold!.Value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)));
                break;
            case SliKind.CostPerTask:
                query.Add(Pair("minCost", sli.CostThreshold!.Value.ToString(CultureInfo.InvariantCulture)));
                break;
            case SliKind.Ratio when sli.Good!.Ok == true:
                query.Add("status=error");
                break;
        }

        return "/api/v1/traces?" + string.Join('&', query);
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add(Pair(name, value));
        }
    }

    private static string Pair(string name, string value) => name + "=" + Uri.EscapeDataString(value);
}
