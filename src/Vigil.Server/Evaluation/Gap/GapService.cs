using Vigil.Core;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Queries;
using Vigil.Evals.Gap;
using Vigil.Server.Evaluation.Datasets;

namespace Vigil.Server.Evaluation.Gap;

/// <summary>
/// The eval-to-production gap of a feature: per release and scorer, the online score of production
/// traffic against the offline score of the release's latest run; and the production inputs the
/// dataset misses (<see cref="CoverageAnalyzer"/>), read from a sample of the feature's recent traces.
/// </summary>
public sealed class GapService(ITelemetryStore telemetry, IEvalStore evals, DatasetService datasets)
{
    public const int MaxSample = 2_000;

    public async Task<Outcome<GapJson>> AnalyzeAsync(GapRequest request, CancellationToken cancellationToken)
    {
        var found = await datasets.GetAsync(request.Project, request.Dataset, cancellationToken);
        if (found.Value is not { } d)
        {
            return found.Error!;
        }

        var scores = await ScoresAsync(request, d.Version, cancellationToken);
        var production = await ProductionInputsAsync(request, cancellationToken);
        var coverage = CoverageAnalyzer.Analyze([.. d.Items.Select(i => i.Input)], production, request.Options, cancellationToken);
        return Outcome<GapJson>.Ok(new GapJson(request.Feature, d.Version.Ref, request.Range, scores, coverage));
    }

    /// <summary>Online against offline, per release seen online in the range and per scorer.</summary>
    private async Task<IReadOnlyList<ReleaseGapJson>> ScoresAsync(GapRequest request, DatasetVersion dataset, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMinutes(Math.Max(1, Math.Ceiling((request.Range.To - request.Range.From).TotalMinutes)));
        var online = await telemetry.GetEvaluationSeriesAsync(new EvaluationSeriesQuery
        {
            ProjectId = request.Project,
            Feature = request.Feature,
            Source = EvaluationSourceKind.Online,
            Range = request.Range,
            Step = step,
        }, cancellationToken);
        var gaps = new List<ReleaseGapJson>();
        foreach (var release in online.Series.Select(s => s.Release).Distinct().Order(StringComparer.Ordinal))
        {
            var runs = release is null ? [] : await evals.ListRunsAsync(request.Project, new EvalRunFilter(request.Feature, release, dataset.Name), 20, cancellationToken);
            var run = runs.FirstOrDefault(r => r.DatasetVersion == dataset.Version) ?? (runs.Count > 0 ? runs[0] : null);
            var scorers = online.Series.Where(s => s.Release == release).Select(s =>
            {
                var offline = run?.Summary.FirstOrDefault(x => x.Scorer == s.Name);
                var onlineMean = s.Total.MeanScore;
                return new ScorerGapJson(
                    s.Name, s.Total.Scored, onlineMean, offline?.Count, offline?.Mean, offline?.MeanLow, offline?.MeanHigh,
                    onlineMean is { } on && offline is { } off ? on - off.Mean : null);
            }).ToList();
            gaps.Add(new ReleaseGapJson(release, run?.Id, run?.DatasetRef, scorers));
        }

        return gaps;
    }

    /// <summary>The user inputs of the feature's newest root traces in the range (those with captured content).</summary>
    private async Task<List<ProductionInput>> ProductionInputsAsync(GapRequest request, CancellationToken cancellationToken)
    {
        var inputs = new List<ProductionInput>();
        string? cursor = null;
        do
        {
            var page = await telemetry.SearchTracesAsync(new TraceQuery
            {
                ProjectId = request.Project,
                Range = request.Range,
                Filter = new SpanFilter { Feature = request.Feature },
                Limit = Math.Min(1000, request.Sample),
                Cursor = cursor,
            }, cancellationToken);
            foreach (var summary in page.Items)
            {
                if (inputs.Count >= request.Sample)
                {
                    break;
                }

                if (await telemetry.GetTraceAsync(request.Project, summary.TraceId, cancellationToken) is { } trace
                    && TraceCase.From(trace) is { Input.Input: { Length: > 0 } input })
                {
                    inputs.Add(new ProductionInput(trace.TraceId, input));
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && inputs.Count < request.Sample);

        return inputs;
    }
}

/// <summary>What to compare: a feature's traffic in a range, at most <see cref="Sample"/> traces, against a dataset.</summary>
public sealed record GapRequest(string Project, string Feature, string Dataset, TimeRange Range, int Sample, CoverageOptions Options);

/// <summary>The gap: scores online against offline per release, and the inputs the dataset misses.</summary>
public sealed record GapJson(string Feature, string Dataset, TimeRange Range, IReadOnlyList<ReleaseGapJson> Releases, CoverageReport Coverage);

/// <summary>One release: the offline run compared with (the latest on the dataset, else the latest at all) and each scorer's gap.</summary>
public sealed record ReleaseGapJson(string? Release, string? OfflineRunId, string? OfflineDataset, IReadOnlyList<ScorerGapJson> Scorers);

/// <summary>One scorer: online count and mean, offline count, mean and 95 % interval, and online − offline.</summary>
public sealed record ScorerGapJson(
    string Scorer, long OnlineCount, double? OnlineMean, int? OfflineCount, double? OfflineMean, double? OfflineMeanLow, double? OfflineMeanHigh, double? Gap);
