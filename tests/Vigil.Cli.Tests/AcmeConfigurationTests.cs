using Vigil.Cli.Simulation;
using Vigil.Evals;

namespace Vigil.Cli.Tests;

/// <summary>acme's configuration (scenarios/slos/acme.yaml): what the demo evaluates and scores.</summary>
public sealed class AcmeConfigurationTests
{
    [Fact]
    public async Task Evaluation_ScoresSupportChatAndInvoices_WithScorersThatJudgeAcmesOutputs()
    {
        var online = AcmeSloDefinitions.Evaluation().Online.ToDictionary(f => f.Feature, StringComparer.Ordinal);

        Assert.Equal(["extract-invoice", "support-chat"], online.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["citation_accuracy", "groundedness", "similarity", "refusal"], online["support-chat"].Scorers.Select(s => s.Name));
        var schema = Assert.Single(online["extract-invoice"].Scorers);
        var scorer = ScorerFactory.Create(schema.Name, schema.Options);
        var valid = """{"invoice_number":"INV-1","vendor":"Hooli Inc","date":"2026-01-31","currency":"EUR","total":12.5,"line_items":[{"description":"travel","quantity":1,"unit_price":12.5}]}""";
        Assert.True((await scorer.ScoreAsync(new ScoringInput { Input = "invoice", Output = valid }, CancellationToken.None)).Passed);
        Assert.False((await scorer.ScoreAsync(new ScoringInput { Input = "invoice", Output = """{"vendor":"Hooli Inc"}""" }, CancellationToken.None)).Passed);
    }

    [Fact]
    public void Slos_ParseFromTheSameFile() => Assert.NotEmpty(AcmeSloDefinitions.Load());

    [Fact]
    public void Detectors_NameAcmesQualityScoresRequiredAttributesAndTheFeatureWhoseInputsAreEmbedded()
    {
        var detectors = AcmeSloDefinitions.Detectors();

        Assert.Equal(["user.id", "session.id", "vigil.release", "vigil.prompt.version"], detectors.Audit.Required);
        Assert.Equal(["citation_accuracy", "groundedness"], detectors.Compliance.QualityScores);
        Assert.Equal("refusal", detectors.Compliance.RefusalScore);
        Assert.Equal(["support-chat"], detectors.Drift.TextFeatures);
    }
}
