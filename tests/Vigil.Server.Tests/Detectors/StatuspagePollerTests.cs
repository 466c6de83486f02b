using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Detectors;
using Vigil.Detectors.Vendors;
using Vigil.Server.Detectors;
using Vigil.Server.Detectors.Statuspages;

namespace Vigil.Server.Tests.Detectors;

/// <summary>The Statuspage poller against a local fake status page, its clock and timeouts driven by a FakeTimeProvider.</summary>
public sealed class StatuspagePollerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly HttpClient _http = new();
    private FakeStatuspage _page = null!;

    public async Task InitializeAsync() => _page = await FakeStatuspage.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _page.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public void BeforeTheFirstFetch_EachPageIsInsufficientData_NotFetchedYet()
    {
        var poller = Poller(Page("openai", components: ["Chat Completions"]), Page("anthropic"));

        var findings = poller.Findings();

        Assert.Equal(["openai", "anthropic"], findings.Select(f => f.Subject["provider"]));
        Assert.All(findings, f =>
        {
            Assert.Equal((VendorStatusDetector.Detector, "component_status", FindingState.InsufficientData), (f.Detector, f.Statistic, f.State));
            Assert.Contains("not fetched yet", f.Explanation, StringComparison.Ordinal);
        });
        Assert.Contains(_page.Url("openai").ToString(), findings[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappedComponent_OperationalThenMajorOutageThenBack_IsOkThenAlertThenOk()
    {
        _page.Serve("openai", Summary(chat: "operational"));
        var poller = Poller(Page("openai", components: ["Chat Completions"], interval: TimeSpan.FromMinutes(1)));

        await poller.PollDueAsync(Ct);
        var ok = Assert.Single(poller.Findings());
        Assert.Equal((FindingState.Ok, 0.0), (ok.State, ok.Value));
        Assert.Equal("Chat Completions", ok.Subject["component"]);
        Assert.Equal("Example AI", ok.Subject["page"]);

        // The page goes down; nothing is fetched before the interval has elapsed.
        _page.Serve("openai", Summary(chat: "major_outage", indicator: "critical", incident: "Chat Completions unavailable"));
        await poller.PollDueAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(59));
        await poller.PollDueAsync(Ct);
        Assert.Equal(1, _page.Requests("openai"));
        Assert.Equal(FindingState.Ok, Assert.Single(poller.Findings()).State);

        _time.Advance(TimeSpan.FromSeconds(1));
        await poller.PollDueAsync(Ct);
        Assert.Equal(2, _page.Requests("openai"));
        var alert = Assert.Single(poller.Findings());
        Assert.Equal((FindingState.Alert, 4.0, "vendor_outage"), (alert.State, alert.Value, alert.IncidentClass));
        Assert.Contains("major outage", alert.Explanation, StringComparison.Ordinal);
        Assert.Contains("Chat Completions unavailable", alert.Explanation, StringComparison.Ordinal);
        Assert.Equal(Start.AddMinutes(1), alert.Current.To);

        _page.Serve("openai", Summary(chat: "operational"));
        _time.Advance(TimeSpan.FromMinutes(1));
        await poller.PollDueAsync(Ct);
        Assert.Equal(FindingState.Ok, Assert.Single(poller.Findings()).State);
    }

    [Fact]
    public async Task NoComponentsMapped_ThePagesIndicatorDecides()
    {
        _page.Serve("openai", Summary(chat: "partial_outage", indicator: "major"));
        var poller = Poller(Page("openai"));

        await poller.PollDueAsync(Ct);

        var finding = Assert.Single(poller.Findings());
        Assert.Equal((FindingState.Alert, 3.0, "vendor_outage"), (finding.State, finding.Value, finding.IncidentClass));
        Assert.False(finding.Subject.ContainsKey("component"));
    }

    [Fact]
    public async Task Http500_IsInsufficientDataNamingTheUrlTheStatusAndSinceWhen_UntilThePageAnswersAgain()
    {
        _page.Serve("openai", Summary(chat: "operational"));
        var poller = Poller(Page("openai", components: ["Chat Completions"]));
        await poller.PollDueAsync(Ct);

        _page.Fail("openai", 500, "upstream exploded");
        _time.Advance(TimeSpan.FromMinutes(1));
        await poller.PollDueAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await poller.PollDueAsync(Ct);

        var failed = Assert.Single(poller.Findings());
        Assert.Equal((FindingState.InsufficientData, "vendor_status", "component_status"), (failed.State, failed.Detector, failed.Statistic));
        Assert.Equal(new Dictionary<string, string> { ["provider"] = "openai" }, failed.Subject);
        Assert.Contains(_page.Url("openai").ToString(), failed.Explanation, StringComparison.Ordinal);
        Assert.Contains("HTTP 500 (Internal Server Error)", failed.Explanation, StringComparison.Ordinal);
        Assert.Contains("unreachable since 2026-03-01 12:01:00 UTC", failed.Explanation, StringComparison.Ordinal);
        Assert.Contains("last fetched successfully 2026-03-01 12:00:00 UTC", failed.Explanation, StringComparison.Ordinal);
        Assert.Equal((Start.AddMinutes(1), Start.AddMinutes(2)), (failed.Current.From, failed.Current.To));
        Assert.Equal(3, _page.Requests("openai"));

        _page.Serve("openai", Summary(chat: "degraded_performance"));
        _time.Advance(TimeSpan.FromMinutes(1));
        await poller.PollDueAsync(Ct);
        var back = Assert.Single(poller.Findings());
        Assert.Equal((FindingState.Alert, "vendor_degradation"), (back.State, back.IncidentClass));
    }

    [Theory]
    [InlineData("{ \"page\": { \"name\": ", "not valid JSON")]
    [InlineData("<html>Status</html>", "not valid JSON")]
    [InlineData("{ \"status\": { \"indicator\": \"none\" } }", "has no 'page' object")]
    [InlineData("[]", "must be a JSON object")]
    public async Task UnparseableSummary_IsInsufficientDataNamingTheProblem(string body, string problem)
    {
        _page.Serve("openai", body);
        var poller = Poller(Page("openai", components: ["Chat Completions"]));

        await poller.PollDueAsync(Ct);

        var finding = Assert.Single(poller.Findings());
        Assert.Equal(FindingState.InsufficientData, finding.State);
        Assert.Contains("unparseable", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(problem, finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("unreachable since 2026-03-01 12:00:00 UTC", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("never fetched successfully", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageThatDoesNotAnswer_TimesOutByTheClock_WhileTheOtherPagesAreRead()
    {
        _page.Hang("slow");
        _page.Serve("openai", Summary(chat: "operational"));
        var poller = Poller(
            Page("slow", timeout: TimeSpan.FromSeconds(2)),
            Page("openai", components: ["Chat Completions"]));

        var poll = poller.PollDueAsync(Ct);
        Assert.Equal("slow", await WaitForRequestAsync("slow"));
        _time.Advance(TimeSpan.FromSeconds(2));
        await poll.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var findings = poller.Findings();
        Assert.Equal(FindingState.InsufficientData, findings[0].State);
        Assert.Contains("no answer within the timeout of 2s", findings[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(FindingState.Ok, findings[1].State);
    }

    [Fact]
    public async Task ConnectionRefused_IsInsufficientData_AndNeverThrows()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/api/v2/summary.json");
        var poller = Poller(new StatuspageSettings { Provider = "gone", Url = url });

        await poller.PollDueAsync(Ct);

        var finding = Assert.Single(poller.Findings());
        Assert.Equal(FindingState.InsufficientData, finding.State);
        Assert.Contains("the request failed", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(url.ToString(), finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachPage_IsFetchedOnItsOwnInterval()
    {
        _page.Serve("fast", Summary(chat: "operational"));
        _page.Serve("slow", Summary(chat: "operational"));
        var poller = Poller(Page("fast", interval: TimeSpan.FromMinutes(1)), Page("slow", interval: TimeSpan.FromMinutes(5)));

        await poller.PollDueAsync(Ct);
        Assert.Equal((1, 1), (_page.Requests("fast"), _page.Requests("slow")));

        for (var minute = 1; minute <= 5; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await poller.PollDueAsync(Ct);
        }

        Assert.Equal((6, 2), (_page.Requests("fast"), _page.Requests("slow")));
    }

    [Fact]
    public async Task CallersCancellation_EndsThePoll_WithoutRecordingAFailure()
    {
        _page.Hang("openai");
        var poller = Poller(Page("openai"));
        using var cts = new CancellationTokenSource();

        var poll = poller.PollDueAsync(cts.Token);
        await WaitForRequestAsync("openai");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Contains("not fetched yet", Assert.Single(poller.Findings()).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_PollsAtStartAndThenOnTheClocksTicks()
    {
        _page.Serve("openai", Summary(chat: "operational"));
        var poller = Poller(Page("openai", interval: TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(5), poller.Tick);
        using var service = new StatuspagePollingService(poller, _time, NullLogger<StatuspagePollingService>.Instance);

        await service.StartAsync(Ct);
        Assert.Equal("openai", await WaitForRequestAsync("openai"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("openai", await WaitForRequestAsync("openai"));
        await service.StopAsync(Ct);

        Assert.Equal(2, _page.Requests("openai"));
    }

    [Fact]
    public void Tick_IsTheShortestIntervalBetweenOneAndFiveSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Poller(Page("a", interval: TimeSpan.FromSeconds(2)), Page("b")).Tick);
        Assert.Equal(TimeSpan.FromSeconds(5), Poller(Page("a", interval: TimeSpan.FromHours(1))).Tick);
        Assert.Equal(TimeSpan.FromSeconds(1), Poller(Page("a", interval: TimeSpan.FromMilliseconds(10))).Tick);
    }

    private StatuspagePoller Poller(params StatuspageSettings[] pages) =>
        new(pages, _http, _time, NullLogger<StatuspagePoller>.Instance);

    private StatuspageSettings Page(string name, IReadOnlyList<string>? components = null, TimeSpan? interval = null, TimeSpan? timeout = null)
    {
        var page = new StatuspageSettings { Provider = name, Url = _page.Url(name), Components = components ?? [] };
        return page with { Interval = interval ?? page.Interval, Timeout = timeout ?? page.Timeout };
    }

    private async Task<string> WaitForRequestAsync(string page)
    {
        string seen;
        do
        {
            seen = await _page.NextRequestAsync();
        }
        while (seen != page);

        return seen;
    }

    /// <summary>A summary.json as Statuspage serves it: one API group with Chat Completions and Embeddings, optionally an incident on Chat Completions.</summary>
    private static string Summary(string chat, string indicator = "none", string? incident = null)
    {
        var description = indicator switch
        {
            "none" => "All Systems Operational",
            "minor" => "Minor Service Outage",
            "major" => "Partial System Outage",
            _ => "Major System Outage",
        };
        var incidents = incident is null ? "" : $$"""
            {
              "id": "inc0000000001",
              "name": "{{incident}}",
              "status": "investigating",
              "created_at": "2026-03-01T11:50:00.000Z",
              "updated_at": "2026-03-01T11:55:00.000Z",
              "monitoring_at": null,
              "resolved_at": null,
              "impact": "critical",
              "shortlink": "https://stspg.io/abc123",
              "started_at": "2026-03-01T11:50:00.000Z",
              "page_id": "pg0000000001",
              "incident_updates": [
                { "id": "upd0000000001", "status": "investigating", "body": "We are investigating.", "created_at": "2026-03-01T11:50:00.000Z" }
              ],
              "components": [
                { "id": "chat00000001", "name": "Chat Completions", "status": "{{chat}}" }
              ]
            }
            """;
        return $$"""
            {
              "page": {
                "id": "pg0000000001",
                "name": "Example AI",
                "url": "https://status.example-ai.test",
                "time_zone": "Etc/UTC",
                "updated_at": "2026-03-01T11:55:00.000Z"
              },
              "components": [
                { "id": "grp000000001", "name": "API", "status": "{{chat}}", "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2026-03-01T11:55:00.000Z",
                  "position": 1, "description": null, "showcase": false, "start_date": null, "group_id": null, "page_id": "pg0000000001", "group": true,
                  "only_show_if_degraded": false, "components": ["chat00000001", "embd00000001"] },
                { "id": "chat00000001", "name": "Chat Completions", "status": "{{chat}}", "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2026-03-01T11:55:00.000Z",
                  "position": 2, "description": "POST /v1/chat/completions", "showcase": false, "start_date": "2024-01-01", "group_id": "grp000000001",
                  "page_id": "pg0000000001", "group": false, "only_show_if_degraded": false },
                { "id": "embd00000001", "name": "Embeddings", "status": "operational", "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2026-02-20T08:00:00.000Z",
                  "position": 3, "description": null, "showcase": false, "start_date": "2024-01-01", "group_id": "grp000000001",
                  "page_id": "pg0000000001", "group": false, "only_show_if_degraded": false }
              ],
              "incidents": [{{incidents}}],
              "scheduled_maintenances": [],
              "status": { "indicator": "{{indicator}}", "description": "{{description}}" }
            }
            """;
    }
}
