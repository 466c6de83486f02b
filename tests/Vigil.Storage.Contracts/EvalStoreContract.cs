using Vigil.Core.Evals;
using Vigil.Core.Ports;

namespace Vigil.Storage.Contracts;

/// <summary>
/// The contract of <see cref="IEvalStore"/>: dataset versions and runs, each saved whole or not at all,
/// every read scoped to its project. Times read back as UTC truncated to the microsecond.
/// </summary>
public abstract class EvalStoreContract : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, 123, 456, TimeSpan.Zero);

    private readonly CancellationTokenSource _timeout = new(Timeout);
    private IEvalStore? _store;

    protected IEvalStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected CancellationToken Ct => _timeout.Token;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IEvalStore> CreateStoreAsync();

    /// <summary>Closes <paramref name="store"/> and opens a store on the same data again (a restart).</summary>
    protected abstract Task<IEvalStore> ReopenStoreAsync(IEvalStore store);

    protected virtual Task DisposeStoreAsync(IEvalStore store) => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync().WaitAsync(Timeout);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store).WaitAsync(Timeout);
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task SaveDatasetVersion_ThenGet_RoundTripsEveryFieldAndTheItemsInStoredOrder()
    {
        DatasetItem[] items =
        [
            new() { Id = "z-last-id-first", Input = "Réponds en français 🇫🇷\n«ok» \"quoted\" \\ \t日本語\r\n", Expected = "Oui.\nLigne 2" },
            new() { Id = "a", Input = "no reference, no context, no metadata" },
            new()
            {
                Id = "i-0123456789ab", Input = "with everything", Expected = "",
                Context = [new("doc-2", "second doc\nwith a newline ✓"), new("doc-1", "")],
                Metadata = new Dictionary<string, string> { ["segment"] = "enterprise", ["trace"] = "4bf92f35", ["émoji"] = "🙂", ["empty"] = "" },
            },
        ];
        var version = Version("p1", "golden", 1, items) with
        {
            CreatedAt = T0.AddTicks(7).ToOffset(TimeSpan.FromHours(2)),
            Note = "imported golden.jsonl — «v1»",
        };

        await SaveAsync(version, items);
        var got = await GetAsync("p1", "golden", 1);

        Assert.NotNull(got);
        Assert.Equal(version with { CreatedAt = T0 }, got.Value.Version);
        Assert.Equal(TimeSpan.Zero, got.Value.Version.CreatedAt.Offset);
        Assert.Equal(items, got.Value.Items);
        Assert.Null(got.Value.Items[1].Expected);
        Assert.Equal("", got.Value.Items[2].Expected);
        Assert.Equal(["doc-2", "doc-1"], got.Value.Items[2].Context.Select(d => d.Id));
        Assert.Equal(DatasetJsonl.Hash(items), DatasetJsonl.Hash(got.Value.Items));
    }

    [Fact]
    public async Task GetDataset_WithoutVersion_GivesTheLatest_AndAbsentGivesNull()
    {
        await SaveAsync(Version("p1", "golden", 1, Items("v1", 2)), Items("v1", 2));
        await SaveAsync(Version("p1", "golden", 3, Items("v3", 1)), Items("v3", 1));
        await SaveAsync(Version("p1", "golden", 2, Items("v2", 3)), Items("v2", 3));
        await SaveAsync(Version("p1", "empty", 1, []), []);

        var latest = await GetAsync("p1", "golden", null);
        var second = await GetAsync("p1", "golden", 2);

        Assert.Equal(3, latest?.Version.Version);
        Assert.Equal(["v3-0"], latest?.Items.Select(i => i.Id) ?? []);
        Assert.Equal(Items("v2", 3), second?.Items);
        Assert.Empty((await GetAsync("p1", "empty", null))?.Items ?? throw new InvalidOperationException("the empty dataset is missing"));
        Assert.Null(await GetAsync("p1", "golden", 4));
        Assert.Null(await GetAsync("p1", "missing", null));
        Assert.Null(await GetAsync("p1", "missing", 1));
    }

    [Fact]
    public async Task ListDatasets_GivesTheLatestVersionOfEachDataset_ByName()
    {
        await SaveAsync(Version("p1", "regressions", 1, Items("r", 1)), Items("r", 1));
        await SaveAsync(Version("p1", "golden", 1, Items("g", 1)), Items("g", 1));
        await SaveAsync(Version("p1", "golden", 2, Items("g", 2)) with { Note = "added 1 production trace" }, Items("g", 2));
        await SaveAsync(Version("p2", "adversarial", 5, Items("a", 1)), Items("a", 1));

        var listed = await Store.ListDatasetsAsync("p1", Ct).WaitAsync(Timeout);

        Assert.Equal(["golden@2", "regressions@1"], listed.Select(d => d.Ref));
        Assert.Equal(Version("p1", "golden", 2, Items("g", 2)) with { Note = "added 1 production trace" }, listed[0]);
        Assert.Empty(await Store.ListDatasetsAsync("p3", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ListDatasetVersions_OldestFirst_EmptyWhenThereIsNoSuchDataset()
    {
        foreach (var number in new[] { 2, 1, 4, 3 })
        {
            await SaveAsync(Version("p1", "golden", number, Items("g", number)), Items("g", number));
        }

        var versions = await Store.ListDatasetVersionsAsync("p1", "golden", Ct).WaitAsync(Timeout);

        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.Version));
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.ItemCount));
        Assert.Equal(Version("p1", "golden", 3, Items("g", 3)), versions[2]);
        Assert.Empty(await Store.ListDatasetVersionsAsync("p1", "missing", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SaveDatasetVersion_TakenVersion_ThrowsConflictAndWritesNothing()
    {
        var original = Version("p1", "golden", 1, Items("first", 2));
        await SaveAsync(original, Items("first", 2));

        var clash = Version("p1", "golden", 1, Items("second", 3)) with { CreatedBy = "bob", Note = "lost the race" };
        await Assert.ThrowsAsync<DatasetVersionConflictException>(() => SaveAsync(clash, Items("second", 3)));

        var got = await GetAsync("p1", "golden", 1);
        Assert.Equal(original, got?.Version);
        Assert.Equal(Items("first", 2), got?.Items);
        Assert.Equal([original], await Store.ListDatasetVersionsAsync("p1", "golden", Ct).WaitAsync(Timeout));

        // The same number is free in another dataset and another project.
        await SaveAsync(Version("p1", "other", 1, Items("o", 1)), Items("o", 1));
        await SaveAsync(Version("p2", "golden", 1, Items("p2", 1)), Items("p2", 1));
        Assert.Equal(Items("first", 2), (await GetAsync("p1", "golden", 1))?.Items);
    }

    [Fact]
    public async Task SaveDatasetVersion_TwoWritersRaceForOneNumber_OneSavesTheOtherGetsConflict()
    {
        var errors = await Task.WhenAll(new[] { "a", "b" }.Select(writer =>
            Record.ExceptionAsync(() => SaveAsync(Version("p1", "golden", 1, Items(writer, 2)) with { CreatedBy = writer }, Items(writer, 2)))));

        Assert.Single(errors, e => e is null);
        Assert.IsType<DatasetVersionConflictException>(Assert.Single(errors, e => e is not null));
        var got = await GetAsync("p1", "golden", 1) ?? throw new InvalidOperationException("neither writer saved golden@1");
        Assert.Equal(Items(got.Version.CreatedBy, 2), got.Items);
    }

    [Fact]
    public async Task Save_ItemCountNotMatchingTheItemsOrAnItemIdTwice_ThrowsArgumentExceptionAndWritesNothing()
    {
        DatasetItem[] twice = [.. Items("d", 2), Items("d", 1)[0]];
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveAsync(Version("p1", "golden", 1, Items("d", 3)), Items("d", 2)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveAsync(Version("p1", "golden", 1, twice), twice));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveRunAsync(Run("p1", "run-1", T0, 3), [Item("a", 0)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveRunAsync(Run("p1", "run-1", T0, 2), [Item("a", 0), Item("a", 1)]));

        Assert.Empty(await Store.ListDatasetsAsync("p1", Ct).WaitAsync(Timeout));
        Assert.Empty(await ListRunIdsAsync("p1", new EvalRunFilter(), 10));
    }

    [Fact]
    public async Task Datasets_AreScopedByProject()
    {
        await SaveAsync(Version("p1", "golden", 1, Items("p1", 2)), Items("p1", 2));
        await SaveAsync(Version("p2", "golden", 1, Items("p2", 1)), Items("p2", 1));
        await SaveAsync(Version("p2", "golden", 2, Items("p2", 3)), Items("p2", 3));
        await SaveAsync(Version("p2", "private", 1, Items("x", 1)), Items("x", 1));

        Assert.Equal(["golden@1"], (await Store.ListDatasetsAsync("p1", Ct).WaitAsync(Timeout)).Select(d => d.Ref));
        Assert.Equal([1], (await Store.ListDatasetVersionsAsync("p1", "golden", Ct).WaitAsync(Timeout)).Select(v => v.Version));
        var latest = await GetAsync("p1", "golden", null);
        Assert.Equal(("p1", 1), (latest?.Version.Project, latest?.Version.Version));
        Assert.Equal(Items("p1", 2), latest?.Items);
        Assert.Null(await GetAsync("p1", "golden", 2));
        Assert.Null(await GetAsync("p1", "private", null));
        Assert.Equal(["golden@2", "private@1"], (await Store.ListDatasetsAsync("p2", Ct).WaitAsync(Timeout)).Select(d => d.Ref));
    }

    [Fact]
    public async Task SaveRun_ThenGet_RoundTripsEveryFieldAndTheItemsInOrder()
    {
        var gated = Run("p1", "run-1", T0.AddTicks(9).ToOffset(TimeSpan.FromHours(-5)), 3) with
        {
            FinishedAt = T0.AddMinutes(2).AddTicks(3),
            Target = "gpt-4o-mini at http://localhost:8080/v1 — «ok»",
            ErrorCount = 1,
            Summary = [new("exact", 3, 0.1 + 0.2, 0.0, 1.0, 2.0 / 3, 0.2076, 0.9385), new("latency", 1, double.NaN, double.NegativeInfinity, double.PositiveInfinity, 1, 1, 1)],
            Gate = new GateVerdict(false, [
                new(GateCheckKind.Threshold, "exact", GateMetric.PassRate, 0.8, 2.0 / 3, null, null, false, "pass rate 66.7 % < 80 %"),
                new(GateCheckKind.Regression, "exact", GateMetric.Mean, 0.05, -0.01, -0.0312345678901234, "run-0", true, "Δ −0.01, bound −0.031 > −0.05\nok")]),
        };
        EvalItemResult[] items =
        [
            Item("z", 0) with { Output = "Réponse 🇫🇷\nligne 2", LatencyMs = 1234.5678, InputTokens = 0, OutputTokens = int.MaxValue },
            Item("a", 1) with { Output = null, Error = "HTTP 503: upstream\nunavailable", LatencyMs = null, InputTokens = null, OutputTokens = null,
                Scores = [new("exact", 0, false, "target call failed"), new("latency", 0, false, "")] },
            Item("m", 2) with { Scores = [] },
        ];
        var bare = Run("p1", "run-2", T0.AddMinutes(5), 1) with { ReleaseId = null, Gate = null, Scorers = [], Summary = [] };

        await SaveRunAsync(gated, items);
        await SaveRunAsync(bare, [Item("only", 0)]);

        var read = await Store.GetRunAsync("p1", "run-1", Ct).WaitAsync(Timeout);
        AssertRun(gated with { StartedAt = T0, FinishedAt = T0.AddMinutes(2) }, read);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, "golden@2"), (read?.StartedAt.Offset, read?.FinishedAt.Offset, read?.DatasetRef));
        AssertRun(bare, await Store.GetRunAsync("p1", "run-2", Ct).WaitAsync(Timeout));
        AssertItems(items, await Store.GetRunItemsAsync("p1", "run-1", Ct).WaitAsync(Timeout));
        AssertItems([Item("only", 0)], await Store.GetRunItemsAsync("p1", "run-2", Ct).WaitAsync(Timeout));
        Assert.Null(await Store.GetRunAsync("p1", "run-3", Ct).WaitAsync(Timeout));
        Assert.Empty(await Store.GetRunItemsAsync("p1", "run-3", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SaveRun_TakenId_ThrowsArgumentExceptionAndWritesNothing()
    {
        var original = Run("p1", "run-1", T0, 2);
        await SaveRunAsync(original, [Item("a", 0), Item("b", 1)]);

        var clash = Run("p1", "run-1", T0.AddHours(1), 3) with { Feature = "search", CreatedBy = "bob" };
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveRunAsync(clash, [Item("x", 0), Item("y", 1), Item("z", 2)]));

        AssertRun(original, await Store.GetRunAsync("p1", "run-1", Ct).WaitAsync(Timeout));
        AssertItems([Item("a", 0), Item("b", 1)], await Store.GetRunItemsAsync("p1", "run-1", Ct).WaitAsync(Timeout));
        Assert.Single(await Store.ListRunsAsync("p1", new EvalRunFilter(), 10, Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ListRuns_NewestFirst_ByStartThenId_WithALimit()
    {
        await SaveRunAsync(Run("p1", "run-b", T0.AddMinutes(1), 0), []);
        await SaveRunAsync(Run("p1", "run-d", T0, 0), []);
        await SaveRunAsync(Run("p1", "run-a", T0.AddMinutes(1), 0), []);
        await SaveRunAsync(Run("p1", "run-c", T0.AddMinutes(2), 0), []);

        Assert.Equal(["run-c", "run-b", "run-a", "run-d"], await ListRunIdsAsync("p1", new EvalRunFilter(), 10));
        Assert.Equal(["run-c", "run-b"], await ListRunIdsAsync("p1", new EvalRunFilter(), 2));
        Assert.Empty(await ListRunIdsAsync("p1", new EvalRunFilter(), 0));
        AssertRun(Run("p1", "run-c", T0.AddMinutes(2), 0), (await Store.ListRunsAsync("p1", new EvalRunFilter(), 1, Ct).WaitAsync(Timeout))[0]);
    }

    [Fact]
    public async Task ListRuns_FilteredByFeatureReleaseAndDataset()
    {
        await SaveRunAsync(Run("p1", "chat-r1-golden", T0, 0) with { Feature = "chat", ReleaseId = "r1", Dataset = "golden" }, []);
        await SaveRunAsync(Run("p1", "chat-r2-golden", T0.AddMinutes(1), 0) with { Feature = "chat", ReleaseId = "r2", Dataset = "golden" }, []);
        await SaveRunAsync(Run("p1", "chat-bare-edge", T0.AddMinutes(2), 0) with { Feature = "chat", ReleaseId = null, Dataset = "edge" }, []);
        await SaveRunAsync(Run("p1", "search-r1-golden", T0.AddMinutes(3), 0) with { Feature = "search", ReleaseId = "r1", Dataset = "golden" }, []);

        Assert.Equal(["chat-bare-edge", "chat-r2-golden", "chat-r1-golden"], await ListRunIdsAsync("p1", new EvalRunFilter(Feature: "chat"), 10));
        Assert.Equal(["search-r1-golden", "chat-r1-golden"], await ListRunIdsAsync("p1", new EvalRunFilter(ReleaseId: "r1"), 10));
        Assert.Equal(["search-r1-golden", "chat-r2-golden"], await ListRunIdsAsync("p1", new EvalRunFilter(Dataset: "golden"), 2));
        Assert.Equal(["chat-r1-golden"], await ListRunIdsAsync("p1", new EvalRunFilter("chat", "r1", "golden"), 10));
        Assert.Empty(await ListRunIdsAsync("p1", new EvalRunFilter("search", "r2", null), 10));
    }

    [Fact]
    public async Task Runs_AreScopedByProject_EvenUnderTheSameId()
    {
        await SaveRunAsync(Run("p1", "run-1", T0, 1) with { Feature = "chat" }, [Item("p1-item", 0)]);
        await SaveRunAsync(Run("p2", "run-1", T0, 2) with { Feature = "search" }, [Item("p2-a", 0), Item("p2-b", 1)]);
        await SaveRunAsync(Run("p2", "run-2", T0.AddMinutes(1), 0), []);

        var p1Run = await Store.GetRunAsync("p1", "run-1", Ct).WaitAsync(Timeout);
        var p2Run = await Store.GetRunAsync("p2", "run-1", Ct).WaitAsync(Timeout);
        Assert.Equal(("p1", "chat", 1), (p1Run?.Project, p1Run?.Feature, p1Run?.ItemCount));
        Assert.Equal(("p2", "search", 2), (p2Run?.Project, p2Run?.Feature, p2Run?.ItemCount));
        Assert.Equal(["p1-item"], (await Store.GetRunItemsAsync("p1", "run-1", Ct).WaitAsync(Timeout)).Select(i => i.ItemId));
        Assert.Equal(["p2-a", "p2-b"], (await Store.GetRunItemsAsync("p2", "run-1", Ct).WaitAsync(Timeout)).Select(i => i.ItemId));
        Assert.Null(await Store.GetRunAsync("p1", "run-2", Ct).WaitAsync(Timeout));
        Assert.Empty(await Store.GetRunItemsAsync("p3", "run-1", Ct).WaitAsync(Timeout));
        Assert.Equal(["run-1"], await ListRunIdsAsync("p1", new EvalRunFilter(), 10));
        Assert.Equal(["run-2", "run-1"], await ListRunIdsAsync("p2", new EvalRunFilter(), 10));
        Assert.Empty(await ListRunIdsAsync("p1", new EvalRunFilter(Feature: "search"), 10));
    }

    [Fact]
    public async Task SaveRun_TwoThousandItems_ReadBackWholeAndInOrder()
    {
        var items = Enumerable.Range(0, 2000).Select(i => Item($"i-{1999 - i:D4}", i) with
        {
            Output = i % 97 == 0 ? null : $"answer {i}\n«{i}»",
            Error = i % 97 == 0 ? "timeout" : null,
            Scores = [new("exact", i % 2, i % 2 == 1, $"item {i}"), new("latency", i / 2000.0, true, "")],
        }).ToArray();
        var run = Run("p1", "big", T0, items.Length) with { ErrorCount = items.Count(i => i.Error is not null) };

        await SaveRunAsync(run, items);
        var read = await Store.GetRunItemsAsync("p1", "big", Ct).WaitAsync(Timeout);

        AssertItems(items, read);
        AssertRun(run, await Store.GetRunAsync("p1", "big", Ct).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Data_SurvivesClosingAndReopening()
    {
        var dataset = Version("p1", "golden", 1, Items("g", 3));
        var run = Run("p1", "run-1", T0, 2);
        EvalItemResult[] items = [Item("g-0", 0), Item("g-1", 1) with { Error = "boom", Output = null }];
        await SaveAsync(dataset, Items("g", 3));
        await SaveRunAsync(run, items);

        _store = await ReopenStoreAsync(Store).WaitAsync(Timeout);

        var got = await GetAsync("p1", "golden", null);
        Assert.Equal(dataset, got?.Version);
        Assert.Equal(Items("g", 3), got?.Items);
        AssertRun(run, await Store.GetRunAsync("p1", "run-1", Ct).WaitAsync(Timeout));
        AssertItems(items, await Store.GetRunItemsAsync("p1", "run-1", Ct).WaitAsync(Timeout));

        // Conflicts still hold after the restart.
        await Assert.ThrowsAsync<DatasetVersionConflictException>(() => SaveAsync(dataset, Items("g", 3)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveRunAsync(run, items));
        await SaveAsync(Version("p1", "golden", 2, Items("h", 1)), Items("h", 1));
        Assert.Equal(["golden@2"], (await Store.ListDatasetsAsync("p1", Ct).WaitAsync(Timeout)).Select(d => d.Ref));
    }

    private static DatasetItem[] Items(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DatasetItem { Id = $"{prefix}-{i}", Input = $"question {i} of {prefix}", Expected = $"answer {i}" })];

    private static DatasetVersion Version(string project, string name, int number, DatasetItem[] items) => new()
    {
        Project = project,
        Name = name,
        Version = number,
        ItemCount = items.Length,
        CreatedAt = T0.AddMinutes(number),
        CreatedBy = "alice",
        ContentHash = DatasetJsonl.Hash(items),
    };

    private static EvalRun Run(string project, string id, DateTimeOffset startedAt, int itemCount) => new()
    {
        Id = id,
        Project = project,
        Feature = "chat",
        ReleaseId = "r3",
        Target = "gpt-4o-mini",
        Dataset = "golden",
        DatasetVersion = 2,
        Scorers = ["exact", "latency"],
        StartedAt = startedAt,
        FinishedAt = startedAt.AddSeconds(30),
        ItemCount = itemCount,
        ErrorCount = 0,
        Summary = [new("exact", itemCount, 0.5, 0.25, 0.75, 0.5, 0.2, 0.8)],
        Gate = new GateVerdict(true, [new(GateCheckKind.Threshold, "exact", GateMetric.Mean, 0.4, 0.5, null, null, true, "0.5 ≥ 0.4")]),
        CreatedBy = "ci",
    };

    private static EvalItemResult Item(string id, int index) => new()
    {
        ItemId = id,
        Input = $"question {index}",
        Output = $"answer {index}",
        LatencyMs = 100 + index,
        InputTokens = 10 + index,
        OutputTokens = 20 + index,
        Scores = [new("exact", 1, true, "matches"), new("latency", 0.75, true, "100 ms ≤ 2 s")],
    };

    private Task SaveAsync(DatasetVersion version, IReadOnlyList<DatasetItem> items) =>
        Store.SaveDatasetVersionAsync(version, items, Ct).WaitAsync(Timeout);

    private Task<(DatasetVersion Version, IReadOnlyList<DatasetItem> Items)?> GetAsync(string project, string name, int? version) =>
        Store.GetDatasetAsync(project, name, version, Ct).WaitAsync(Timeout);

    private Task SaveRunAsync(EvalRun run, IReadOnlyList<EvalItemResult> items) => Store.SaveRunAsync(run, items, Ct).WaitAsync(Timeout);

    private async Task<List<string>> ListRunIdsAsync(string project, EvalRunFilter filter, int limit) =>
        [.. (await Store.ListRunsAsync(project, filter, limit, Ct).WaitAsync(Timeout)).Select(r => r.Id)];

    private static void AssertRun(EvalRun expected, EvalRun? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Scorers = [], Summary = [], Gate = null }, actual with { Scorers = [], Summary = [], Gate = null });
        Assert.Equal(expected.Scorers, actual.Scorers);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Gate?.Passed, actual.Gate?.Passed);
        Assert.Equal(expected.Gate?.Checks ?? [], actual.Gate?.Checks ?? []);
    }

    private static void AssertItems(EvalItemResult[] expected, IReadOnlyList<EvalItemResult> actual)
    {
        Assert.Equal(expected.Select(i => i with { Scores = [] }), actual.Select(i => i with { Scores = [] }));
        Assert.Equal(expected.Select(i => string.Join('|', i.Scores)), actual.Select(i => string.Join('|', i.Scores)));
    }
}
