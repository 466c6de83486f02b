namespace Vigil.Storage.DuckDb.Tests.Detection;

public sealed class AuditCountReaderTests : DetectionStore
{
    private static readonly string[] Required = ["user.id", "vigil.prompt.version", "custom.tag", "deployment.environment.name"];

    [Fact]
    public async Task Audit_counts_root_spans_lacking_mapped_columns_or_json_attributes_per_feature()
    {
        await AppendAsync(
            Root("a", T0.AddMinutes(1)) with
            {
                UserId = "u1", PromptVersion = "v1", Environment = "prod",
                Attributes = new Dictionary<string, string> { ["custom.tag"] = "x" },
            },
            Root("b", T0.AddMinutes(2)) with { UserId = "", Environment = "prod", Attributes = new Dictionary<string, string> { ["custom.tag"] = "" } },
            Root("c", T0.AddMinutes(3)) with { Environment = "prod", Attributes = new Dictionary<string, string> { ["custom"] = "x" } },
            Call("c", T0.AddMinutes(4)),
            Root("d", T0.AddMinutes(5), feature: "search") with { UserId = "u2", PromptVersion = "v1" },
            Root("e", T0.AddMinutes(5), project: "p2"),
            Root("f", T0.AddHours(1)));

        var counts = await Store.ReadAuditCountsAsync("p1", FirstHour, Required, None);

        Assert.Equal(["chat", "search"], counts.Select(c => c.Feature));
        Assert.Equal(3, counts[0].Spans);
        Assert.Equal(
            new Dictionary<string, long> { ["user.id"] = 2, ["vigil.prompt.version"] = 2, ["custom.tag"] = 2, ["deployment.environment.name"] = 0 },
            counts[0].Missing);
        Assert.Equal(1, counts[1].Spans);
        Assert.Equal(
            new Dictionary<string, long> { ["user.id"] = 0, ["vigil.prompt.version"] = 0, ["custom.tag"] = 1, ["deployment.environment.name"] = 1 },
            counts[1].Missing);
    }

    [Fact]
    public async Task Audit_maps_the_attribute_names_ingestion_reads_to_their_columns()
    {
        await AppendAsync(
            Root("a", T0) with
            {
                SessionId = "s", ConversationId = "c", Team = "t", Release = "r", IndexVersion = "i", RoutingVersion = "rv", Segment = "seg",
                Environment = "prod", PromptVersion = "p",
            },
            Root("b", T0) with { Team = null, Release = null });

        string[] names =
        [
            "session.id", "gen_ai.conversation.id", "vigil.team", "vigil.release", "vigil.prompt.version", "vigil.prompt_version",
            "vigil.index.version", "vigil.routing.version", "vigil.segment", "deployment.environment", "user.id",
        ];
        var counts = await Store.ReadAuditCountsAsync("p1", FirstHour, names, None);

        var chat = Assert.Single(counts);
        Assert.Equal(2, chat.Spans);
        Assert.All(names.Where(n => n != "user.id"), n => Assert.Equal(1, chat.Missing[n]));
        Assert.Equal(2, chat.Missing["user.id"]);
    }
}
