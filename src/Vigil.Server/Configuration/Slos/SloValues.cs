using System.Globalization;
using Vigil.Core.Slos;

namespace Vigil.Server.Configuration.Slos;

/// <summary>Values both SLO formats write the same way: objectives, methods, time zones, start times, severities.</summary>
internal static class SloValues
{
    public const string ObjectiveExample = "e.g. 0.999 or \"99.9%\"";

    /// <summary>Where calendar periods of a fixed length count from when no start is given: Monday 1 January 2024, midnight.</summary>
    public static readonly DateTime DefaultStart = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>A ratio (0.999) or a percentage ("99.9%").</summary>
    public static double? Objective(string text)
    {
        text = text.Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].TrimEnd() : text;
        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return (double)(percent ? value / 100 : value);
    }

    /// <summary>occurrences, timeslices, ratio_timeslices in any of kebab, snake, camel or Pascal case.</summary>
    public static BudgetingMethod? Method(string text) =>
        Enum.GetValues<BudgetingMethod>().Cast<BudgetingMethod?>().FirstOrDefault(m => Normalize(m.ToString()!) == Normalize(text));

    /// <summary>An SLI kind in any of kebab, snake, camel or Pascal case: cost_per_task, cost-per-task, costPerTask.</summary>
    public static SliKind? Kind(string text) =>
        Enum.GetValues<SliKind>().Cast<SliKind?>().FirstOrDefault(k => Normalize(k.ToString()!) == Normalize(text));

    /// <summary>The name a kind is written with in messages and docs.</summary>
    public static string KindName(SliKind kind) => kind switch
    {
        SliKind.CostPerTask => "cost_per_task",
        SliKind.CacheHit => "cache_hit",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>"a latency SLI", "an availability SLI".</summary>
    public static string AnSli(SliKind kind)
    {
        var name = KindName(kind);
        return $"{(name[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {name} SLI";
    }

    public static string KindNames => string.Join(", ", Enum.GetValues<SliKind>().Select(KindName));

    /// <summary>An IANA time zone id (Europe/Paris); null when unknown.</summary>
    public static TimeZoneInfo? TimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>
    /// A start instant: with an offset or Z it is that instant; without one ("2022-01-01 12:00:00",
    /// "2026-01-05") it is that wall-clock time in <paramref name="zone"/>.
    /// </summary>
    public static DateTimeOffset? Start(string text, TimeZoneInfo zone)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local))
        {
            return null;
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            return InZone(local, zone);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;
    }

    public static DateTimeOffset InZone(DateTime wallClock, TimeZoneInfo zone) =>
        new(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), zone.GetUtcOffset(wallClock));

    /// <summary>page or ticket in any case; null for anything else.</summary>
    public static string? Severity(string text) => text.ToLowerInvariant() switch
    {
        BurnWindowPair.Page => BurnWindowPair.Page,
        BurnWindowPair.Ticket => BurnWindowPair.Ticket,
        _ => null,
    };

    /// <summary>
    /// Runs the SLO's own checks and reports each at the key <paramref name="pathOf"/> gives its
    /// field (null: not reported, the format checked it already), unless that key already has an error.
    /// </summary>
    public static void Validate(SloDefinition slo, ErrorList errors, Func<string, string?> pathOf)
    {
        foreach (var error in slo.Validate())
        {
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            var (field, message) = colon < 0 ? ("", error) : (error[..colon], error[(colon + 2)..]);
            if (pathOf(field) is { } path)
            {
                errors.AddOnce(path, message);
            }
        }
    }

    private static string Normalize(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
