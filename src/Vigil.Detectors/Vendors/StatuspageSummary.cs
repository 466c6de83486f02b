using System.Globalization;
using System.Text.Json;

namespace Vigil.Detectors.Vendors;

/// <summary>The page's overall indicator (<c>status.indicator</c>).</summary>
public enum StatusIndicator
{
    None,
    Minor,
    Major,
    Critical,

    /// <summary>A value this parser does not know; kept rather than refused, so a new value does not break polling.</summary>
    Unknown,
}

/// <summary>A component's <c>status</c>, in increasing severity.</summary>
public enum ComponentStatus
{
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    Unknown,
}

public sealed record StatusComponent(string Id, string Name, ComponentStatus Status, string? GroupId, bool IsGroup, DateTimeOffset? UpdatedAt);

/// <summary>An unresolved incident; <see cref="Impact"/> is <c>none|minor|major|critical</c> (as <see cref="StatusIndicator"/>), <see cref="Status"/> its raw stage (investigating, identified, monitoring).</summary>
public sealed record StatusIncident(
    string Id, string Name, string Status, StatusIndicator Impact, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt,
    string? Shortlink, IReadOnlyList<string> ComponentIds);

/// <summary>
/// The Atlassian Statuspage summary (<c>GET /api/v2/summary.json</c>): page, overall indicator, components, unresolved
/// incidents and scheduled maintenances. <see cref="Parse"/> is pure — the poller fetches. Unknown enum values become
/// <c>Unknown</c>; missing or mistyped required fields (page.name, status.indicator, a component's id/name/status)
/// throw <see cref="FormatException"/> naming the field.
/// </summary>
public sealed record StatuspageSummary
{
    public required string PageName { get; init; }

    public string? PageUrl { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public required StatusIndicator Indicator { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<StatusComponent> Components { get; init; }

    /// <summary>Incidents the summary lists (the summary lists only unresolved ones) that are not resolved or in post-mortem.</summary>
    public required IReadOnlyList<StatusIncident> Incidents { get; init; }

    /// <summary>Scheduled maintenances in progress (status <c>in_progress</c> or <c>verifying</c>).</summary>
    public required IReadOnlyList<StatusIncident> MaintenancesInProgress { get; init; }

    public static StatuspageSummary Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the Statuspage summary is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the Statuspage summary must be a JSON object");
            }

            var page = RequiredObject(root, "page");
            var status = RequiredObject(root, "status");
            return new StatuspageSummary
            {
                PageName = RequiredString(page, "name", "page"),
                PageUrl = OptionalString(page, "url"),
                UpdatedAt = Time(page, "updated_at"),
                Indicator = ParseIndicator(RequiredString(status, "indicator", "status")),
                Description = OptionalString(status, "description"),
                Components = Items(root, "components").Select((c, i) => Component(c, i)).ToList(),
                Incidents = Items(root, "incidents").Select(Incident)
                    .Where(i => i.Status is not ("resolved" or "postmortem" or "completed")).ToList(),
                MaintenancesInProgress = Items(root, "scheduled_maintenances").Select(Incident)
                    .Where(i => i.Status is "in_progress" or "verifying").ToList(),
            };
        }
    }

    public static StatusIndicator ParseIndicator(string? value) => value switch
    {
        "none" => StatusIndicator.None,
        "minor" => StatusIndicator.Minor,
        "major" => StatusIndicator.Major,
        "critical" => StatusIndicator.Critical,
        _ => StatusIndicator.Unknown,
    };

    public static ComponentStatus ParseComponentStatus(string? value) => value switch
    {
        "operational" => ComponentStatus.Operational,
        "under_maintenance" => ComponentStatus.UnderMaintenance,
        "degraded_performance" => ComponentStatus.DegradedPerformance,
        "partial_outage" => ComponentStatus.PartialOutage,
        "major_outage" => ComponentStatus.MajorOutage,
        _ => ComponentStatus.Unknown,
    };

    private static StatusComponent Component(JsonElement c, int index)
    {
        var where = $"components[{index}]";
        return new StatusComponent(
            RequiredString(c, "id", where), RequiredString(c, "name", where), ParseComponentStatus(RequiredString(c, "status", where)),
            OptionalString(c, "group_id"), c.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.True, Time(c, "updated_at"));
    }

    private static StatusIncident Incident(JsonElement e, int index)
    {
        var components = e.TryGetProperty("components", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => OptionalString(c, "id")).OfType<string>().ToList()
            : [];
        return new StatusIncident(
            OptionalString(e, "id") ?? $"#{index}", OptionalString(e, "name") ?? "", OptionalString(e, "status") ?? "",
            ParseIndicator(OptionalString(e, "impact")), Time(e, "created_at"), Time(e, "updated_at"), OptionalString(e, "shortlink"), components);
    }

    private static JsonElement RequiredObject(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new FormatException($"the Statuspage summary has no '{name}' object");

    private static List<JsonElement> Items(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];

    private static string RequiredString(JsonElement e, string name, string where) =>
        OptionalString(e, name) ?? throw new FormatException($"the Statuspage summary has no string '{where}.{name}'");

    private static string? OptionalString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        OptionalString(e, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
