using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Evals;
using Vigil.Core.Projects;
using Vigil.Server.Api;
using Vigil.Server.Evaluation.Datasets;
using static Vigil.Server.Tests.Evaluation.EvalApi;
using static Vigil.Server.Tests.Releases.ReleaseHttp;

namespace Vigil.Server.Tests.Evaluation;

/// <summary>Datasets over the real API: import, versions, export, refusals, and production traces turned into items.</summary>
public sealed class DatasetApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Canonical JSONL (keys in export order, metadata sorted), so that an export must give back these very bytes.</summary>
    private static readonly string Golden = Jsonl(
        """{"id":"q1","input":"How long do refunds take?","expected":"14 days","context":[{"id":"kb-1","text":"Refunds are issued within 14 days."}],"metadata":{"product":"Acme","segment":"enterprise"}}""",
        """{"id":"q2","input":"Wie viele Plätze hat der Pro-Tarif?","expected":"5","metadata":{"product":"Acme"}}""",
        """{"id":"q3","input":"Say \"hi\" <politely> & briefly"}""");

    private readonly FakeTimeProvider _clock = new(Start);
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(time: _clock);
        _http = _server.Http;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Import_MakesVersion1_AndTheSameFileAgain_Answers200Unchanged_WithoutANewVersion()
    {
        using var response = await ImportAsync(_http, "golden", Golden);
        var created = (await response.Content.ReadFromJsonAsync<DatasetChangeJson>(ApiJson.Options))!;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var again = await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/datasets/golden/items?version=1", response.Headers.Location?.OriginalString);
        Assert.Equal((1, 3, false, 3, 0), (created.Version.Version, created.Version.ItemCount, created.Unchanged, created.Added, created.Updated));
        Assert.Equal((Start, "anonymous (loopback)", "imported 3 items (replace)"), (created.Version.CreatedAt, created.Version.CreatedBy, created.Version.Note));
        Assert.Equal(DatasetJsonl.Hash(DatasetJsonl.Parse(Golden).Items), created.Version.ContentHash);
        Assert.Equal((1, true, 0, 0), (again.Version.Version, again.Unchanged, again.Added, again.Updated));
        Assert.Equal(Start, again.Version.CreatedAt);
        var versions = await GetAsync<DatasetVersionsJson>(_http, "/api/v1/datasets/golden");
        Assert.Equal([1], versions.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Append_ReplacesTheItemWithAnExistingId_AddsTheNewOne_AndCountsEach()
    {
        await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromHours(1));
        var extra = Jsonl(
            """{"id":"q1","input":"How long do refunds take?","expected":"14 days","context":[{"id":"kb-1","text":"Refunds are issued within 14 days."}],"metadata":{"product":"Acme","segment":"enterprise"}}""",
            """{"id":"q2","input":"Wie viele Plätze hat der Pro-Tarif?","expected":"fünf","metadata":{"product":"Acme"}}""",
            """{"id":"q4","input":"Can I pay by invoice?","expected":"yes"}""");

        var appended = await ImportAsync<DatasetChangeJson>(_http, "golden", extra, HttpStatusCode.Created, "?mode=append&note=fix%20q2");
        var sameAgain = await ImportAsync<DatasetChangeJson>(_http, "golden", extra, HttpStatusCode.OK, "?mode=append");
        var (latest, version) = await ExportAsync(_http, "golden");

        Assert.Equal((2, 4, 1, 1, "fix q2"), (appended.Version.Version, appended.Version.ItemCount, appended.Added, appended.Updated, appended.Version.Note));
        Assert.Equal(Start.AddHours(1), appended.Version.CreatedAt);
        Assert.True(sameAgain.Unchanged);
        Assert.Equal(2, version);
        var items = DatasetJsonl.Parse(latest).Items;
        Assert.Equal(["q1", "q2", "q3", "q4"], items.Select(i => i.Id));
        Assert.Equal("fünf", items[1].Expected);
        var versions = await GetAsync<DatasetVersionsJson>(_http, "/api/v1/datasets/golden");
        Assert.Equal([(1, 3, "imported 3 items (replace)"), (2, 4, "fix q2")], versions.Versions.Select(v => (v.Version, v.ItemCount, v.Note)));
        await ImportAsync<DatasetChangeJson>(_http, "other-set", Jsonl("""{"input":"hello"}"""), HttpStatusCode.Created);
        var list = await GetAsync<DatasetListJson>(_http, "/api/v1/datasets");
        Assert.Equal([("golden", 2, 4), ("other-set", 1, 1)], list.Datasets.Select(d => (d.Name, d.Version, d.ItemCount)));
    }

    [Fact]
    public async Task Export_GivesBackTheImportedTextExactly_AnyVersion_WithItsNumberInTheHeader()
    {
        await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.Created);
        await ImportAsync<DatasetChangeJson>(_http, "golden", Jsonl("""{"id":"q9","input":"one more"}"""), HttpStatusCode.Created, "?mode=append");

        var (first, firstVersion) = await ExportAsync(_http, "golden", "?version=1");
        var (latest, latestVersion) = await ExportAsync(_http, "golden");

        Assert.Equal((Golden, 1), (first, firstVersion));
        Assert.Equal((Golden + """{"id":"q9","input":"one more"}""" + "\n", 2), (latest, latestVersion));
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/datasets/golden/items?version=9")).Status);
        var badVersion = await GetProblemAsync(_http, "/api/v1/datasets/golden/items?version=two");
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.Status);
        Assert.Contains("version", badVersion.Errors.Keys);
    }

    [Fact]
    public async Task Export_OfALooselyWrittenFile_ImportsBackAsTheSameVersion()
    {
        // No ids (derived from the input), bare-string context, expected_output, numbers, CRLF, blank lines, an emoji.
        var loose = "{\"input\": \"Refund?\", \"expected_output\": 14, \"context\": [\"Refunds take 14 days.\"], \"metadata\": {\"tier\": 2, \"vip\": true}}\r\n\r\n"
            + "{\"metadata\": {\"z\": \"last\", \"a\": \"first\"}, \"input\": \"Thanks 🎉\"}";
        await ImportAsync<DatasetChangeJson>(_http, "loose", loose, HttpStatusCode.Created);

        var (exported, _) = await ExportAsync(_http, "loose");
        var again = await ImportAsync<DatasetChangeJson>(_http, "loose", exported, HttpStatusCode.OK);

        Assert.True(again.Unchanged);
        var items = DatasetJsonl.Parse(exported).Items;
        Assert.Equal([DatasetJsonl.DefaultId("Refund?"), DatasetJsonl.DefaultId("Thanks 🎉")], items.Select(i => i.Id));
        Assert.Equal(("14", "doc-1", "2", "true"), (items[0].Expected, items[0].Context[0].Id, items[0].Metadata["tier"], items[0].Metadata["vip"]));
        Assert.Equal("Thanks 🎉", items[1].Input);
    }

    [Fact]
    public async Task Import_BadJsonl_Answers400NamingEachLineAndKey_AndStoresNothing()
    {
        await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.Created);
        var bad = Jsonl(
            """{"id":"ok","input":"fine"}""",
            """{"input":"q","expectd":"a"}""",
            """{"input":3}""",
            """not json""",
            """{"expected":"a"}""",
            """{"id":"ok","input":"again"}""",
            """{"input":"m","metadata":{"tags":["a"]},"context":[{"id":"d"}]}""");

        using var response = await ImportAsync(_http, "golden", bad);
        var problem = await ProblemAsync(response);
        var fresh = await ProblemAsync(await ImportAsync(_http, "fresh", bad));
        var empty = await ProblemAsync(await ImportAsync(_http, "fresh", "\n\n"));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        var body = problem.Errors["body"];
        Assert.Contains(body, e => e.StartsWith("line 2: expectd: unknown key", StringComparison.Ordinal));
        Assert.Contains("line 3: input: must be a string, not a number", body);
        Assert.Contains(body, e => e.StartsWith("line 4: not valid JSON", StringComparison.Ordinal));
        Assert.Contains("line 5: input: is required", body);
        Assert.Contains("line 6: id: 'ok' repeats the item of line 1", body);
        Assert.Contains(body, e => e.StartsWith("line 7: metadata.tags: ", StringComparison.Ordinal));
        Assert.Contains(body, e => e.StartsWith("line 7: context[0]: ", StringComparison.Ordinal));
        Assert.Equal([1], (await GetAsync<DatasetVersionsJson>(_http, "/api/v1/datasets/golden")).Versions.Select(v => v.Version));
        Assert.Equal((Golden, 1), await ExportAsync(_http, "golden"));
        Assert.Equal(HttpStatusCode.BadRequest, fresh.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/datasets/fresh")).Status);
        Assert.Equal(["the file holds no items"], empty.Errors["body"]);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("multipart/form-data")]
    [InlineData(null)]
    public async Task Import_NotDeclaredAsJsonl_Answers415(string? contentType)
    {
        using var response = await ImportAsync(_http, "golden", Golden, contentType: contentType);

        var problem = await ProblemAsync(response);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, problem.Status);
        Assert.Contains("application/x-ndjson", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/datasets/golden")).Status);
    }

    [Fact]
    public async Task UnknownDataset_Answers404_InvalidNamesAndModes_400()
    {
        await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.Created);
        var longName = new string('n', 65);

        var unknown = await GetProblemAsync(_http, "/api/v1/datasets/nope");
        var unknownItems = await GetProblemAsync(_http, "/api/v1/datasets/nope/items");
        var badName = await ProblemAsync(await ImportAsync(_http, "bad%20name%21", Golden));
        var tooLong = await ProblemAsync(await ImportAsync(_http, longName, Golden));
        var badNameVersions = await GetProblemAsync(_http, "/api/v1/datasets/bad%20name%21");
        var badNameItems = await GetProblemAsync(_http, "/api/v1/datasets/bad%20name%21/items");
        var badMode = await ProblemAsync(await ImportAsync(_http, "golden", Golden, "?mode=merge"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("'nope'", unknown.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownItems.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        Assert.Contains("'bad name!' is not a valid dataset name", Assert.Single(badName.Errors["name"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("name", tooLong.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, badNameVersions.Status);
        Assert.Contains("name", badNameVersions.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, badNameItems.Status);
        Assert.Contains(badNameItems.Errors.Values.SelectMany(e => e), e => e.Contains("'bad name!'", StringComparison.Ordinal));
        Assert.Equal(["'merge' is not one of replace, append"], badMode.Errors["mode"]);
        Assert.Equal([1], (await GetAsync<DatasetVersionsJson>(_http, "/api/v1/datasets/golden")).Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Datasets_BelongToTheirProject()
    {
        await ImportAsync<DatasetChangeJson>(_http, "golden", Golden, HttpStatusCode.Created);
        var other = _server.ClientWithKey(await _server.CreateKeyAsync("other", ApiKeyScope.Admin));

        Assert.Empty((await GetAsync<DatasetListJson>(other, "/api/v1/datasets")).Datasets);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(other, "/api/v1/datasets/golden/items")).Status);
        var own = await ImportAsync<DatasetChangeJson>(other, "golden", Jsonl("""{"input":"theirs"}"""), HttpStatusCode.Created);
        Assert.Equal(("other", 1, 1), (own.Version.Project, own.Version.Version, own.Version.ItemCount));
        Assert.Equal((Golden, 1), await ExportAsync(_http, "golden"));
    }

    [Fact]
    public async Task AddTraces_OfAnExportedTrace_MakesAnItemOfItsUserInputContextAndMetadata()
    {
        var traceId = Guid.NewGuid().ToString("N");
        await ExportTraceAsync(_http, traceId, Start.AddMinutes(-1), "How long do refunds take?", "Refunds take 14 days [kb-0001].");

        using var response = await _http.PostAsJsonAsync("/api/v1/datasets/from-prod/traces",
            new { traceIds = new[] { traceId.ToUpperInvariant() }, expected = "output", note = "reviewed answers" }, ApiJson.Options);
        var change = (await response.Content.ReadFromJsonAsync<DatasetChangeJson>(ApiJson.Options))!;
        var again = await SendAsync<DatasetChangeJson>(_http, "/api/v1/datasets/from-prod/traces", new { traceIds = new[] { traceId }, expected = "output" });
        var (jsonl, _) = await ExportAsync(_http, "from-prod");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((1, 1, 1, "reviewed answers"), (change.Version.Version, change.Version.ItemCount, change.Added, change.Version.Note));
        Assert.True(again.Unchanged);
        var item = Assert.Single(DatasetJsonl.Parse(jsonl).Items);
        Assert.Equal("trace-" + traceId, item.Id);
        Assert.Equal("How long do refunds take?", item.Input);
        Assert.Equal("Refunds take 14 days [kb-0001].", item.Expected);
        Assert.Equal(
            [new DatasetDocument("kb-0001", "Refunds are issued within 14 days of the return."), new DatasetDocument("kb-0002", "The Pro plan includes 5 seats.")],
            item.Context);
        Assert.Equal(traceId, item.Metadata["trace_id"]);
        Assert.Equal((Feature, "r7", "enterprise", "production"), (item.Metadata["feature"], item.Metadata["release"], item.Metadata["segment"], item.Metadata["source"]));

        var secondId = Guid.NewGuid().ToString("N");
        await ExportTraceAsync(_http, secondId, Start.AddMinutes(-1), "Is Pro per seat?", "Pro includes 5 seats.", release: "r8");
        var withoutAnswer = await SendAsync<DatasetChangeJson>(_http, "/api/v1/datasets/from-prod/traces", new { traceIds = new[] { secondId } }, HttpStatusCode.Created);
        var second = DatasetJsonl.Parse((await ExportAsync(_http, "from-prod")).Jsonl).Items[1];
        Assert.Equal((2, 1), (withoutAnswer.Version.Version, withoutAnswer.Added));
        Assert.Equal(("Is Pro per seat?", (string?)null, "r8"), (second.Input, second.Expected, second.Metadata["release"]));
    }

    [Fact]
    public async Task AddTraces_UnknownMalformedOrContentlessTraces_AreRefused_AndNothingIsStored()
    {
        var known = Guid.NewGuid().ToString("N");
        var contentless = Guid.NewGuid().ToString("N");
        var unknown = Guid.NewGuid().ToString("N");
        await ExportTraceAsync(_http, known, Start.AddMinutes(-1), "How long do refunds take?", "14 days [kb-0001].");
        await ExportTraceAsync(_http, contentless, Start.AddMinutes(-1), "How long do refunds take?", answer: null);
        const string Url = "/api/v1/datasets/from-prod/traces";

        var missing = await PostProblemAsync(_http, Url, new { traceIds = new[] { known, unknown } });
        var malformed = await PostProblemAsync(_http, Url, new { traceIds = new[] { known, "not-a-trace-id" } });
        var none = await PostProblemAsync(_http, Url, new { traceIds = Array.Empty<string>() });
        var noContent = await PostProblemAsync(_http, Url, new { traceIds = new[] { contentless } });
        var badExpected = await PostProblemAsync(_http, Url, new { traceIds = new[] { known }, expected = "answer" });
        var badName = await PostProblemAsync(_http, "/api/v1/datasets/bad%20name/traces", new { traceIds = new[] { known } });

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains(unknown, missing.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(known, missing.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("'not-a-trace-id'", Assert.Single(malformed.Errors["traceIds"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Contains("traceIds", none.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, noContent.Status);
        Assert.Contains("no captured input", Assert.Single(noContent.Errors["traceIds"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badExpected.Status);
        Assert.Contains("expected", badExpected.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        Assert.Contains("name", badName.Errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await GetProblemAsync(_http, "/api/v1/datasets/from-prod")).Status);
    }

    [Fact]
    public async Task AddTraces_WithAMisspeltField_Answers400_RatherThanIgnoringIt()
    {
        var traceId = Guid.NewGuid().ToString("N");
        await ExportTraceAsync(_http, traceId, Start.AddMinutes(-1), "How long do refunds take?", "14 days [kb-0001].");

        // "expect" for "expected": ignored, the item would silently lose its reference answer.
        var typo = await PostRawAsync(_http, "/api/v1/datasets/from-prod/traces", JsonSerializer.Serialize(new { traceIds = new[] { traceId }, expect = "output" }));

        Assert.Equal(HttpStatusCode.BadRequest, typo.Status);
        Assert.Contains("expect", typo.Errors.Keys);
    }
}
