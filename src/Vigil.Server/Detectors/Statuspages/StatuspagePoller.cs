using System.Globalization;
using Vigil.Core.Queries;
using Vigil.Core.Text;
using Vigil.Detectors;
using Vigil.Detectors.Vendors;

namespace Vigil.Server.Detectors.Statuspages;

/// <summary>
/// Polls the configured Atlassian Statuspage summaries (<c>/api/v2/summary.json</c>): <see cref="PollDueAsync"/> fetches
/// every page whose interval has passed since its last fetch (by the injected clock), each under its own timeout (timed by
/// the same clock), and keeps the latest observation per page — one page per provider. <see cref="Findings"/> reads the
/// last successful fetch with <see cref="VendorStatusDetector"/>; a page whose last fetch failed (HTTP error status,
/// timeout, connection failure, unparseable summary) or that has not been fetched yet gives one
/// <see cref="FindingState.InsufficientData"/> finding for its provider: an unreachable status page is not an outage.
/// Thread-safe: one caller polls, any may read the findings.
/// </summary>
public sealed partial class StatuspagePoller
{
    private readonly IReadOnlyList<StatuspageSettings> _pages;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<StatuspagePoller> _logger;
    private readonly Observation?[] _observations;
    private readonly DateTimeOffset _created;

    public StatuspagePoller(IReadOnlyList<StatuspageSettings> pages, HttpClient http, TimeProvider time, ILogger<StatuspagePoller> logger)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _pages = [.. pages];
        _http = http;
        _time = time;
        _logger = logger;
        _observations = new Observation?[_pages.Count];
        _created = time.GetUtcNow();
    }

    public IReadOnlyList<StatuspageSettings> Pages => _pages;

    /// <summary>How often <see cref="StatuspagePollingService"/> asks for due pages: the shortest interval, between 1s and 5s.</summary>
    public TimeSpan Tick => _pages.Count == 0
        ? TimeSpan.FromSeconds(5)
        : TimeSpan.FromTicks(Math.Clamp(_pages.Min(p => p.Interval).Ticks, TimeSpan.TicksPerSecond, 5 * TimeSpan.TicksPerSecond));

    /// <summary>
    /// Fetches, concurrently, every page never fetched or whose interval has elapsed since its last fetch began. A page's
    /// failure is recorded, logged and never thrown; only the caller's cancellation ends the call with an
    /// <see cref="OperationCanceledException"/> (the pages being fetched then keep their previous observation).
    /// </summary>
    public async Task PollDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = Enumerable.Range(0, _pages.Count)
            .Where(i => Volatile.Read(ref _observations[i]) is not { } last || now - last.AttemptedAt >= _pages[i].Interval)
            .ToList();
        await Task.WhenAll(due.Select(i => FetchAsync(i, now, cancellationToken)));
    }

    /// <summary>Per configured page, in configuration order: its status findings, or one InsufficientData finding saying why there are none.</summary>
    public IReadOnlyList<Finding> Findings()
    {
        var findings = new List<Finding>();
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            switch (Volatile.Read(ref _observations[i]))
            {
                case null:
                    var now = _time.GetUtcNow();
                    findings.Add(Unavailable(page, new TimeRange(_created, now), $"{page.Provider}: the status page {page.Url} is not fetched yet"));
                    break;
                case { Summary: { } summary } observation:
                    findings.AddRange(VendorStatusDetector.Evaluate(summary, new VendorStatusMapping(page.Provider, page.Components), observation.AttemptedAt));
                    break;
                case var failed:
                    var last = failed.LastSuccessAt is { } success ? $"last fetched successfully {Utc(success)}" : "never fetched successfully";
                    findings.Add(Unavailable(page, new TimeRange(failed.FailingSince!.Value, failed.AttemptedAt),
                        $"{page.Provider}: the status page {page.Url} has been unreachable since {Utc(failed.FailingSince.Value)} ({failed.Problem}; {last})"));
                    break;
            }
        }

        return findings;
    }

    private async Task FetchAsync(int index, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var page = _pages[index];
        var previous = Volatile.Read(ref _observations[index]);
        var (summary, problem) = await GetAsync(page, cancellationToken);
        if (summary is not null)
        {
            Volatile.Write(ref _observations[index], new Observation(attemptedAt, summary, attemptedAt, null, null));
            if (previous is { Summary: null, FailingSince: not null })
            {
                LogRecovered(page.Provider, page.Url);
            }

            return;
        }

        var since = previous is { Summary: null, FailingSince: { } earlier } ? earlier : attemptedAt;
        Volatile.Write(ref _observations[index], new Observation(attemptedAt, null, previous?.LastSuccessAt, since, problem));
        if (previous?.Problem != problem)
        {
            LogUnreachable(page.Provider, page.Url, problem!);
        }
    }

    /// <summary>The parsed summary, or what went wrong; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    private async Task<(StatuspageSummary? Summary, string? Problem)> GetAsync(StatuspageSettings page, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(page.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(page.Url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()})"));
            }

            var json = await response.Content.ReadAsStringAsync(linked.Token);
            return (StatuspageSummary.Parse(json), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, $"no answer within the timeout of {Durations.Format(page.Timeout)}");
        }
        catch (FormatException ex)
        {
            return (null, $"the summary is unparseable: {ex.Message}");
        }
        catch (Exception ex)
        {
            return (null, $"the request failed: {ex.GetBaseException().Message}");
        }
    }

    private static Finding Unavailable(StatuspageSettings page, TimeRange window, string explanation) => new()
    {
        Detector = VendorStatusDetector.Detector,
        Subject = Finding.Labels(("provider", page.Provider)),
        State = FindingState.InsufficientData,
        Statistic = "component_status",
        Threshold = 2,
        Current = window,
        Explanation = explanation,
        IncidentClass = "vendor_degradation",
    };

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Status page of {Provider} ({Url}) unreachable: {Problem}; its findings are insufficient data until it answers")]
    private partial void LogUnreachable(string provider, Uri url, string problem);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Status page of {Provider} ({Url}) answers again")]
    private partial void LogRecovered(string provider, Uri url);

    /// <summary>
    /// One page's latest fetch: when it began, the summary when it succeeded, the last success, and — while failing —
    /// since when (the first failure in a row) and the latest problem.
    /// </summary>
    private sealed record Observation(DateTimeOffset AttemptedAt, StatuspageSummary? Summary, DateTimeOffset? LastSuccessAt, DateTimeOffset? FailingSince, string? Problem);
}
