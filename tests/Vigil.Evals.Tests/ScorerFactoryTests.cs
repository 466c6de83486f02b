using System.Text.Json;
using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests;

public sealed class ScorerFactoryTests
{
    [Fact]
    public void Factory_KnowsEveryScorerOfTheCatalog()
    {
        string[] expected = ["citation_accuracy", "contains", "cost", "exact", "groundedness", "json_schema", "latency", "llm_judge", "refusal", "regex", "similarity"];
        Assert.Equal(expected, ScorerFactory.Names);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("groundedness")]
    [InlineData("citation_accuracy")]
    [InlineData("refusal")]
    [InlineData("similarity")]
    public void Factory_ScorerWithDefaults_IsCreatedUnderItsName(string name) => Assert.Equal(name, ScorerFactory.Create(name).Name);

    [Fact]
    public void Factory_UnknownScorer_IsNamedWithTheKnownOnes()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => ScorerFactory.Create("bleu"));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("name", problem.Option);
        Assert.Contains("unknown scorer 'bleu'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("citation_accuracy", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_UnknownOption_IsReportedByName()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("contains", ("value", "x"), ("ignorecase", true)));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("ignorecase", problem.Option);
        Assert.Contains("ignoreCase", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_SeveralProblems_AreAllReportedAtOnce()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("groundedness", ("threshold", 2.0), ("treshold", 0.4)));
        Assert.Equal(["threshold", "treshold"], error.Problems.Select(p => p.Option).Order(StringComparer.Ordinal));
        Assert.Contains("threshold: 2 is outside [0, 1]", error.Message, StringComparison.Ordinal);
        Assert.Equal("groundedness", error.Scorer);
    }

    [Fact]
    public void Factory_MissingRequiredOption_NamesIt()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => ScorerFactory.Create("cost"));
        Assert.Equal("maxUsd", Assert.Single(error.Problems).Option);
    }

    [Fact]
    public void Factory_WrongType_NamesTheOptionAndTheValue()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("contains", ("value", "x"), ("ignoreCase", "maybe")));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("ignoreCase", problem.Option);
        Assert.Contains("\"maybe\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_OptionsFromJsonConfig_AreRead()
    {
        using var config = JsonDocument.Parse("""{"value": "Refunds", "ignoreCase": true}""");
        var options = config.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        var score = await ScorerFactory.Create("contains", options).ScoreAsync(Answer("refunds take 5 days"));
        Assert.True(score.Passed);
    }

    [Fact]
    public void Factory_NumbersAsText_AreReadInvariantly()
    {
        var scorer = Scorer("latency", ("maxMs", "1500.5"));
        Assert.Equal("latency", scorer.Name);
    }
}
