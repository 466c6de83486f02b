using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Detectors.Alerts;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Detectors;
using Vigil.Server.Tests.Slos;

namespace Vigil.Server.Tests.Detectors;

/// <summary>
/// The detectors of a running server over its real store: an audit gap in the spans raises an alert that the one
/// alert list, the detectors' status and <c>/metrics</c> all show, with its evidence.
/// </summary>
public sealed class DetectorEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_audit_gap_in_stored_spans_is_an_alert_in_the_alert_list_the_detector_status_and_metrics()
    {
        var clock = new FakeTimeProvider(Now - TimeSpan.FromHours(3));
        await using var server = await RunningServer.StartAsync(s => s with
        {
            Detectors = new DetectorSettings
            {
                Alerts = new AlertRules { For = TimeSpan.Zero },
                Audit = new AuditDetectorSettings { Required = ["user.id"] },
            },
        }, time: clock);

        // The reference hour: every root span names its user. The current hour: 40 % do not.
        await SloTraffic.PostAsync(server.Http, Roots(Now - TimeSpan.FromHours(2), 200, missingEvery: 0));
        await SloTraffic.PostAsync(server.Http, Roots(Now - TimeSpan.FromMinutes(50), 200, missingEvery: 5, missingOf: 2));
        await server.Host.Services.GetRequiredService<TelemetryWriteQueue>().WaitForAcknowledgedAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        clock.SetUtcNow(Now);

        var engine = server.Host.Services.GetRequiredService<DetectorEngine>();
        await engine.EvaluateAsync(CancellationToken.None);

        Assert.All(engine.CheckStatus, c => Assert.Null(c.Error));
        using var alerts = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/alerts?source=detector&class=audit_gap"));
        var alert = Assert.Single(alerts.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("audit_gap/missing_share", "chat", "firing", "ticket"),
            (alert.GetProperty("rule").GetString(), alert.GetProperty("feature").GetString(), alert.GetProperty("state").GetString(), alert.GetProperty("severity").GetString()));
        var evidence = alert.GetProperty("evidence");
        Assert.Equal(0.4, evidence.GetProperty("value").GetDouble(), 6);
        Assert.Equal(0.01, evidence.GetProperty("threshold").GetDouble(), 6);
        Assert.Equal(Now - TimeSpan.FromHours(1), evidence.GetProperty("current").GetProperty("from").GetDateTimeOffset());
        Assert.Contains("new", alert.GetProperty("summary").GetString(), StringComparison.Ordinal);

        using var detectors = JsonDocument.Parse(await server.Http.GetStringAsync("/api/v1/detectors"));
        var runs = detectors.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Contains(runs, r => r.GetProperty("check").GetString() == "drift");
        var audit = runs.Single(r => r.GetProperty("check").GetString() == "audit_gap");
        Assert.Equal("alert", Assert.Single(audit.GetProperty("findings").EnumerateArray()).GetProperty("state").GetString());

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("vigil_alerts{", metrics, StringComparison.Ordinal);
        Assert.Contains("rule=\"audit_gap/missing_share\"", metrics, StringComparison.Ordinal);

        using var bad = await server.Http.GetAsync("/api/v1/alerts?source=robot");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("source", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IEnumerable<SpanSpec> Roots(DateTimeOffset from, int count, int missingEvery, int missingOf = 0) =>
        Enumerable.Range(0, count).Select(i => new SpanSpec
        {
            TraceId = SloTraffic.NewTraceId(),
            SpanId = SloTraffic.NewSpanId(),
            Start = from + TimeSpan.FromSeconds(i * 10),
            Feature = "chat",
            Operation = "chat",
            Provider = "openai",
            Model = "gpt-4o-mini",
            InputTokens = 100,
            OutputTokens = 20,
            UserId = missingEvery > 0 && i % missingEvery < missingOf ? null : "u" + (i % 7),
        });
}
