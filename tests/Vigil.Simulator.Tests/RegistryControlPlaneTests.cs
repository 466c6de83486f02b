using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using Vigil.Core.Releases;
using Vigil.Server.Releases;
using Vigil.Simulator.Application;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;
using Vigil.Storage.DuckDb;
using Xunit.Abstractions;
using PromptAxis = Vigil.Simulator.Application.PromptAxis;
using RoutingAxis = Vigil.Core.Releases.RoutingAxis;
using SimRelease = Vigil.Simulator.Application.Release;

namespace Vigil.Simulator.Tests;

/// <summary>The simulated application deploys through Vigil's release registry and serves its active release.</summary>
public sealed class RegistryControlPlaneTests : IDisposable
{
    private const string Project = "default";
    private const string Chat = "support-chat";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly ITestOutputHelper _output;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DuckDbDatabase _database;
    private readonly DuckDbReleaseStore _store;

    /// <summary>What an operator (through Vigil's API) uses: a registry on the same store and clock.</summary>
    private readonly ReleaseRegistry _operator;

    public RegistryControlPlaneTests(ITestOutputHelper output)
    {
        _output = output;
        _database = DuckDbDatabase.OpenInMemory(_clock);
        _store = new DuckDbReleaseStore(_database);
        _operator = new ReleaseRegistry(_store, _clock);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InitialReleases_AreCreatedAndActiveInTheRegistry_WithAuditEntries_Once()
    {
        using var plane = await PlaneAsync();

        foreach (var initial in InitialReleases.All)
        {
            var active = (await _store.GetActiveAsync(Project, initial.Feature, default))!;
            Assert.Equal(("r1", Start, RegistryControlPlane.Actor, "initial release"), (active.ReleaseId, active.At, active.Actor, active.Reason));
            var release = (await _store.GetReleaseAsync(Project, initial.Feature, 1, default))!;
            Assert.Equal((initial.Model.Provider, initial.Model.Model), (release.Model.Provider, release.Model.Model));
            Assert.Equal(initial.Prompt.Version, release.Prompt.Version);
            Assert.Equal(["input"], PromptTemplates.Variables(release.Prompt.Template));
            Assert.Contains(initial.Feature, release.Prompt.Template, StringComparison.Ordinal);
            Assert.Equal(initial.Index is { } index ? $"{index.Name}@{index.Version}" : null, release.Index?.ToString());
            Assert.Equal(initial.Routing.Version, release.Routing.Version);
            Assert.Equal(new RouteTarget(initial.Primary.Provider, initial.Primary.Model), Assert.Single(release.Routing.Primaries));
            Assert.Equal(new RouteTarget(initial.Routing.Fallback!.Provider, initial.Routing.Fallback.Model), Assert.Single(release.Routing.Fallbacks));

            var audit = await _store.ListAuditAsync(Project, initial.Feature, 10, default);
            Assert.Equal([ReleaseAction.Activate, ReleaseAction.Create], audit.Select(a => a.Action));
            Assert.All(audit, a => Assert.Equal((RegistryControlPlane.Actor, "initial release", Start), (a.Actor, a.Reason, a.At)));

            // Served as the simulator's own initial release, under Vigil's id.
            Assert.Equal(initial with { Id = "r1" }, plane.Controls(initial.Feature).Release);
        }

        Assert.Equal(4, plane.Deploys.Count);

        // A feature that has an active release keeps it: a second plane adds nothing.
        using var again = await PlaneAsync();
        foreach (var initial in InitialReleases.All)
        {
            Assert.Single(await _store.ListReleasesAsync(Project, initial.Feature, default));
            Assert.Equal(initial with { Id = "r1" }, again.Controls(initial.Feature).Release);
        }
    }

    [Fact]
    public async Task PromptRegression_IsVigilsR2_AndARollbackInVigil_ServesR1sPromptAgain()
    {
        using var plane = await PlaneAsync();
        var scenario = new Scenario
        {
            Name = "registry-prompt-regression",
            Start = Start,
            Duration = TimeSpan.FromHours(3),
            RequestsPerMinute = 30,
            Seed = 17,
            Faults = [new FaultSpec("prompt_regression", TimeSpan.FromHours(1), null, new Dictionary<string, string>(StringComparer.Ordinal) { ["feature"] = Chat, ["quality_drop"] = "0.3" })],
        };
        var rollbackAt = Start + TimeSpan.FromHours(2);
        var sink = new AnswerSink();
        var runner = new SimulationRunner(scenario, sink, _clock, new SimulationOptions
        {
            // An operator rolls the prompt back in Vigil, between two simulated minutes.
            AfterMinute = async (now, ct) =>
            {
                if (now == rollbackAt)
                {
                    var rollback = await _operator.RollbackAsync(Project, Chat, "r1", [ReleaseAxis.Prompt], "alice", "answers got worse after r2", ct);
                    Assert.True(rollback.Succeeded, string.Join("; ", rollback.Error?.Messages ?? []));
                }
            },
        }, plane);
        await runner.RunAsync(null, CancellationToken.None);

        // The fault's deploy is Vigil's r2 (the fault's prompt version), marked at simulated time; the rollback is r3 with r1's prompt.
        var releases = await _store.ListReleasesAsync(Project, Chat, default);
        Assert.Equal([("r1", "p3"), ("r2", "p4"), ("r3", "p3")], releases.Select(r => (r.Id, r.Prompt.Version)));
        Assert.Equal(RegistryControlPlane.Actor, releases[1].CreatedBy);
        Assert.Equal(new RollbackOrigin("r1", [ReleaseAxis.Prompt]), releases[2].RolledBackTo);
        var deploys = await _store.ListActivationsAsync(Project, Chat, Start, Start + TimeSpan.FromDays(1), default);
        Assert.Equal(
            [("r1", Start, "initial release"), ("r2", Start + TimeSpan.FromHours(1), "prompt revision"), ("r3", rollbackAt, "answers got worse after r2")],
            deploys.Select(d => (d.ReleaseId, d.At, d.Reason)));
        Assert.Equal(new PromptAxis("p3"), plane.Controls(Chat).Release.Prompt);

        // Spans carry Vigil's release ids: r1, then r2 from the deploy, r3 from the minute after the rollback.
        foreach (var answer in sink.Answers)
        {
            var expected = answer.Feature != Chat || answer.Start < Start + TimeSpan.FromHours(1) ? ("r1", InitialPrompt(answer.Feature))
                : answer.Start < rollbackAt ? ("r2", "p4") : ("r3", "p3");
            Assert.Equal(expected, (answer.Release, answer.PromptVersion));
        }

        // The quality drop is gone with the rollback: the model says "not sure" as often as under r1.
        var notSure = sink.Answers.Where(a => a.Feature == Chat && a.Output is not null).GroupBy(a => a.Release)
            .ToDictionary(g => g.Key, g => (Share: g.Average(a => a.Output!.Contains("not sure", StringComparison.Ordinal) ? 1.0 : 0.0), Count: g.Count()));
        foreach (var (release, (share, count)) in notSure.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{release}: 'not sure' in {share:P1} of {count} answers"));
        }

        Assert.All(notSure.Values, v => Assert.True(v.Count >= 300, $"too few answers: {v.Count}"));
        Assert.True(notSure["r2"].Share - notSure["r1"].Share >= 0.08);
        Assert.True(notSure["r2"].Share - notSure["r3"].Share >= 0.08);
        Assert.InRange(notSure["r3"].Share - notSure["r1"].Share, -0.04, 0.04);
    }

    [Fact]
    public async Task ReleaseCreatedInVigil_WithAPromptVersionTheSimulatorNeverMade_IsServedWithNoEffect()
    {
        using var plane = await PlaneAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var initial = plane.Controls(Chat).Release;
        plane.Activate(new Deploy(Start + TimeSpan.FromSeconds(90), Regressed(initial, "p4"), "prompt revision"));
        Assert.Equal(("r2", new PromptAxis("p4", 0.3)), (plane.Controls(Chat).Release.Id, plane.Controls(Chat).Release.Prompt));
        Assert.Equal(Start + TimeSpan.FromSeconds(90), (await _store.GetActiveAsync(Project, Chat, default))!.At);

        var current = (await _store.GetReleaseAsync(Project, Chat, 2, default))!;
        var created = await _operator.CreateAsync(Project, ReleaseSpec.Of(current) with { Prompt = new("hotfix-7", "Answer from the documents: {{input}}") }, "alice", "hotfix", default);
        await _operator.ActivateAsync(Project, Chat, created.Value!.Id, "alice", "hotfix for the vague answers", default);
        Assert.Equal("r2", plane.Controls(Chat).Release.Id); // not until the next refresh

        await plane.RefreshAsync(default);

        // The simulator cannot know what a prompt it never made does: it serves it as a neutral one (scenarios/README.md).
        var served = plane.Controls(Chat).Release;
        Assert.Equal(("r3", new PromptAxis("hotfix-7")), (served.Id, served.Prompt));
        Assert.Equal(initial.Routing, served.Routing);
        Assert.Equal("hotfix for the vague answers", plane.Deploys[^1].Reason);
    }

    [Fact]
    public async Task AfterARollback_TheNextRevision_GetsAFreshVersion_AndRollingForwardRestoresTheRegression()
    {
        using var plane = await PlaneAsync();
        plane.Activate(new Deploy(Start, Regressed(plane.Controls(Chat).Release, "p4"), "prompt revision"));
        Assert.True((await _operator.RollbackAsync(Project, Chat, "r1", [ReleaseAxis.Prompt], "alice", "worse answers", default)).Succeeded);
        await plane.RefreshAsync(default);
        Assert.Equal(("r3", new PromptAxis("p3")), (plane.Controls(Chat).Release.Id, plane.Controls(Chat).Release.Prompt));

        // The release train bumps p3 to p4, which already names the regressed prompt: Vigil gets p5.
        var revised = plane.Controls(Chat).Release;
        plane.Activate(new Deploy(Start, revised with { Prompt = new PromptAxis("p4") }, "routine prompt revision"));
        Assert.Equal(("r4", new PromptAxis("p5")), (plane.Controls(Chat).Release.Id, plane.Controls(Chat).Release.Prompt));
        Assert.Equal("p5", (await _store.GetReleaseAsync(Project, Chat, 4, default))!.Prompt.Version);

        // Rolling the prompt forward to r2's serves the regressed prompt again: its ground truth is remembered.
        Assert.True((await _operator.RollbackAsync(Project, Chat, "r2", [ReleaseAxis.Prompt], "alice", "compare", default)).Succeeded);
        await plane.RefreshAsync(default);
        Assert.Equal(("r5", new PromptAxis("p4", 0.3)), (plane.Controls(Chat).Release.Id, plane.Controls(Chat).Release.Prompt));
    }

    [Fact]
    public async Task Rollback_WhoseCommitLagsItsStamp_IsStillPickedUp()
    {
        using var plane = await PlaneAsync();
        plane.Activate(new Deploy(Start, Regressed(plane.Controls(Chat).Release, "p4"), "prompt revision"));

        // The rollback is stamped at the start, but commits only after the simulation ran on and refreshed twice (a busy store).
        _clock.Advance(TimeSpan.FromMinutes(1));
        await plane.RefreshAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await plane.RefreshAsync(default);
        var stampedEarlier = new ReleaseRegistry(_store, new FakeTimeProvider(Start));
        Assert.True((await stampedEarlier.RollbackAsync(Project, Chat, "r1", [ReleaseAxis.Prompt], "alice", "worse answers", default)).Succeeded);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await plane.RefreshAsync(default);

        Assert.Equal(("r3", new PromptAxis("p3")), (plane.Controls(Chat).Release.Id, plane.Controls(Chat).Release.Prompt));
    }

    [Fact]
    public async Task ReleaseRoutingToAModelAcmeCannotCall_IsNotSwitchedTo()
    {
        using var plane = await PlaneAsync();
        var current = (await _store.GetReleaseAsync(Project, Chat, 1, default))!;
        var routing = new RoutingAxis("rt9", [new RouteTarget("openai", "gpt-9")], []);
        var created = await _operator.CreateAsync(Project, ReleaseSpec.Of(current) with { Routing = routing }, "alice", null, default);
        await _operator.ActivateAsync(Project, Chat, created.Value!.Id, "alice", "try gpt-9", default);

        await plane.RefreshAsync(default);

        Assert.Equal("r1", plane.Controls(Chat).Release.Id);
    }

    [Fact]
    public async Task Switches_StayInMemory_AcrossDeploys()
    {
        using var plane = await PlaneAsync();
        var failover = new Route("anthropic", "claude-sonnet-4");
        plane.SetSwitches(Chat, 10, false, failover);
        plane.Activate(new Deploy(Start, Regressed(plane.Controls(Chat).Release, "p4"), "a deploy"));

        Assert.Equal((10.0, false, failover, "r2"), (plane.Controls(Chat).ThrottlePerMinute, plane.Controls(Chat).Disabled, plane.Controls(Chat).FailoverTo, plane.Controls(Chat).Release.Id));
    }

    private Task<RegistryControlPlane> PlaneAsync() =>
        RegistryControlPlane.CreateAsync(_store, Project, InitialReleases.All, Start, _clock, CancellationToken.None);

    private static SimRelease Regressed(SimRelease release, string version) => release with { Prompt = new PromptAxis(version, QualityDrop: 0.3) };

    private static string InitialPrompt(string feature) => InitialReleases.All.First(r => r.Feature == feature).Prompt.Version;

    /// <summary>What the test reads of each trace: its feature, start, release attribution and final answer.</summary>
    private sealed record Answer(string Feature, DateTimeOffset Start, string Release, string PromptVersion, string? Output);

    private sealed class AnswerSink : ITelemetrySink
    {
        public List<Answer> Answers { get; } = [];

        public Task SendAsync(IReadOnlyList<SimTrace> traces, CancellationToken cancellationToken)
        {
            foreach (var trace in traces)
            {
                var root = trace.Spans[0];
                var chat = trace.Spans.LastOrDefault(s => s.Name.StartsWith("chat ", StringComparison.Ordinal) && !s.IsError);
                Answers.Add(new Answer(trace.Feature, root.Start, Attribute(root, "vigil.release")!, Attribute(root, "vigil.prompt.version")!,
                    chat is null ? null : Attribute(chat, "gen_ai.output.messages")));
            }

            return Task.CompletedTask;
        }

        public Task SendMetricsAsync(ExportMetricsServiceRequest metrics, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string? Attribute(SimSpan span, string key) => span.Attributes.FirstOrDefault(a => a.Key == key).Value as string;
    }
}
