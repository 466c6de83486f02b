using System.Globalization;
using System.Security.Cryptography;
using Vigil.Core;
using Vigil.Core.Evals;
using Vigil.Core.Ports;
using Vigil.Core.Releases;
using Vigil.Evals.Runs;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>
/// Offline runs without HTTP: checks a request (every problem named by its field), resolves the release,
/// the dataset version and the scorers, calls the release through an OpenAI-compatible endpoint, scores,
/// judges the gate — running the baseline release first when the regression check has no stored run of
/// it on the same dataset version — and stores the run. The endpoints and the CLI's embedded-store
/// backend both call it.
/// </summary>
public sealed class EvalRunService(IEvalStore evals, IReleaseStore releases, EvaluationSettings settings, TimeProvider time)
{
    /// <summary>The failing items a run's answer lists.</summary>
    public const int MaxFailuresShown = 10;

    public async Task<Outcome<EvalRunJson>> RunAsync(string project, EvalRunRequest request, string actor, CancellationToken cancellationToken)
    {
        var plan = await RunPlanner.PlanAsync(project, request, evals, releases, settings, cancellationToken);
        if (plan.Value is not { } p)
        {
            return plan.Error!;
        }

        EvalRun? baseline = null;
        IReadOnlyList<EvalItemResult>? baselineItems = null;
        if (p.Gate?.Regression is not null && p.Baseline is { } baselineRelease)
        {
            (baseline, baselineItems) = await BaselineAsync(p, baselineRelease, actor, cancellationToken);
        }

        var (run, items) = await ExecuteAsync(p, p.Release, p.Model, p.Gate, baseline, baselineItems, actor, cancellationToken);
        await evals.SaveRunAsync(run, items, cancellationToken);
        var failures = items.Where(i => i.Error is not null || i.Scores.Any(s => !s.Passed)).Take(MaxFailuresShown).ToList();
        return Outcome<EvalRunJson>.Ok(new EvalRunJson(run, baseline, failures));
    }

    public async Task<Outcome<EvalRun>> GetAsync(string project, string runId, CancellationToken cancellationToken) =>
        await evals.GetRunAsync(project, runId, cancellationToken) is { } run
            ? Outcome<EvalRun>.Ok(run)
            : new Refusal(RefusalKind.NotFound, $"no run '{runId}'");

    public async Task<Outcome<EvalRunItemsJson>> ItemsAsync(string project, string runId, CancellationToken cancellationToken) =>
        await evals.GetRunAsync(project, runId, cancellationToken) is null
            ? new Refusal(RefusalKind.NotFound, $"no run '{runId}'")
            : Outcome<EvalRunItemsJson>.Ok(new EvalRunItemsJson(runId, await evals.GetRunItemsAsync(project, runId, cancellationToken)));

    public async Task<EvalRunListJson> ListAsync(string project, EvalRunFilter filter, int limit, CancellationToken cancellationToken) =>
        new(await evals.ListRunsAsync(project, filter, limit, cancellationToken));

    /// <summary>The newest stored run of the baseline release on the same dataset version that covers the regression's scorers; else one made now.</summary>
    private async Task<(EvalRun, IReadOnlyList<EvalItemResult>)> BaselineAsync(RunPlan plan, Release baselineRelease, string actor, CancellationToken cancellationToken)
    {
        var needed = plan.Gate!.Regression!.Scorers ?? [.. plan.Scorers.Select(s => s.Name)];
        var stored = await evals.ListRunsAsync(plan.Project, new EvalRunFilter(plan.Feature, baselineRelease.Id, plan.Dataset.Name), 50, cancellationToken);
        var target = ChatCompletionTarget.Describe(plan.TargetOptions(baselineRelease, baselineRelease.Model.Model));
        var match = stored.FirstOrDefault(r => r.DatasetVersion == plan.Dataset.Version && r.ErrorCount == 0 && r.Target == target && needed.All(r.Scorers.Contains));
        if (match is not null)
        {
            return (match, await evals.GetRunItemsAsync(plan.Project, match.Id, cancellationToken));
        }

        var (run, items) = await ExecuteAsync(plan, baselineRelease, baselineRelease.Model.Model, gate: null, null, null, actor, cancellationToken);
        await evals.SaveRunAsync(run, items, cancellationToken);
        return (run, items);
    }

    private async Task<(EvalRun Run, IReadOnlyList<EvalItemResult> Items)> ExecuteAsync(
        RunPlan plan, Release release, string model, GateSpec? gate, EvalRun? baseline, IReadOnlyList<EvalItemResult>? baselineItems,
        string actor, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var target = new ChatCompletionTarget(plan.TargetOptions(release, model), time);
        var outcome = await EvalRunner.RunAsync(plan.Items, target, plan.Scorers, new EvalRunnerOptions(plan.Concurrency), cancellationToken);
        var verdict = gate is null ? null : WithAnswerCheck(EvalGate.Judge(gate, outcome, baseline is null ? null : (baseline.Id, baselineItems!)), outcome, baseline);
        var run = new EvalRun
        {
            Id = NewRunId(started),
            Project = plan.Project,
            Feature = plan.Feature,
            ReleaseId = release.Id,
            Target = target.Description,
            Dataset = plan.Dataset.Name,
            DatasetVersion = plan.Dataset.Version,
            Scorers = [.. plan.Scorers.Select(s => s.Name)],
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            ItemCount = outcome.Items.Count,
            ErrorCount = outcome.ErrorCount,
            Summary = outcome.Summary,
            Gate = verdict,
            CreatedBy = actor,
        };
        return (run, outcome.Items);
    }

    /// <summary>
    /// A gate also needs answers: failed target calls score 0, so a run (or a baseline) whose calls failed
    /// would otherwise be judged on its errors — two runs against a dead endpoint "do not regress".
    /// </summary>
    private static GateVerdict WithAnswerCheck(GateVerdict verdict, EvalOutcome outcome, EvalRun? baseline)
    {
        var baselineErrors = baseline?.ErrorCount ?? 0;
        if (outcome.ErrorCount == 0 && baselineErrors == 0)
        {
            return verdict;
        }

        var first = outcome.Items.FirstOrDefault(i => i.Error is not null)?.Error;
        var explanation = $"answers: {outcome.ErrorCount} of {outcome.Items.Count} target calls failed"
            + (baseline is null ? "" : $", and {baselineErrors} of {baseline.ItemCount} in baseline {baseline.Id}")
            + (first is null ? "" : $" (first: {first})") + "; a gate is judged only on runs whose every call was answered";
        var check = new GateCheck(GateCheckKind.Threshold, "*", GateMetric.Mean, 0, outcome.ErrorCount, null, baseline?.Id, false, explanation);
        return new GateVerdict(false, [.. verdict.Checks, check]);
    }

    /// <summary><c>run-</c>, the start time to the second (so ids sort by time) and 6 random hex digits.</summary>
    private static string NewRunId(DateTimeOffset started) =>
        "run-" + started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(6, lowercase: true);
}
