using Vigil.Core.Evals;
using Vigil.Evals.Runs;

namespace Vigil.Evals.Tests.Runs;

public sealed class GateSpecTests
{
    [Fact]
    public void GateSpecParse_WellFormedArguments_MakeTheGate()
    {
        var parse = GateSpec.Parse(["similarity=0.8", " exact = 0.5 "], ["citation_accuracy=0.95"], 0.05, ["similarity", "similarity", "exact"]);

        Assert.True(parse.IsValid, string.Join("; ", parse.Errors));
        var spec = parse.Spec!;
        Assert.Equal(
            [new ThresholdSpec("similarity", GateMetric.Mean, 0.8), new ThresholdSpec("exact", GateMetric.Mean, 0.5), new ThresholdSpec("citation_accuracy", GateMetric.PassRate, 0.95)],
            spec.Thresholds);
        Assert.Equal(0.05, spec.Regression!.MaxDrop);
        Assert.Equal(["similarity", "exact"], spec.Regression.Scorers!);
        Assert.Equal(0.95, spec.Regression.Confidence);
    }

    [Fact]
    public void GateSpecParse_MaxDropWithoutScorers_ComparesEverySharedScorer()
    {
        var spec = GateSpec.Parse([], [], 0.1, []).Spec!;

        Assert.Null(spec.Regression!.Scorers);
        Assert.Empty(spec.Thresholds);
        Assert.False(spec.IsEmpty);
        Assert.True(GateSpec.Parse([], [], null, []).Spec!.IsEmpty);
    }

    [Theory]
    [InlineData("similarity0.8", null, null, null, "--min-mean: expected scorer=number such as similarity=0.8, got \"similarity0.8\"")]
    [InlineData("similarity=0,8", null, null, null, "--min-mean: similarity: expected a number in [0, 1] such as 0.8, got \"0,8\"")]
    [InlineData(null, "exact=1.5", null, null, "--min-pass-rate: exact: expected a number in [0, 1] such as 0.8, got \"1.5\"")]
    [InlineData(null, "=0.5", null, null, "--min-pass-rate: expected scorer=number such as similarity=0.8, got \"=0.5\"")]
    [InlineData(null, null, -0.1, null, "--max-drop: expected a number in [0, 1] (a drop of the mean score), got -0.1")]
    [InlineData(null, null, null, "similarity", "--regression-scorer: needs --max-drop, the largest drop to tolerate")]
    public void GateSpecParse_BadArgument_IsAnErrorNamingIt(string? minMean, string? minPassRate, double? maxDrop, string? scorer, string error)
    {
        var parse = GateSpec.Parse(minMean is null ? [] : [minMean], minPassRate is null ? [] : [minPassRate], maxDrop, scorer is null ? [] : [scorer]);

        Assert.False(parse.IsValid);
        Assert.Null(parse.Spec);
        Assert.Equal([error], parse.Errors);
    }

    [Fact]
    public void GateSpecParse_EveryErrorIsReported()
    {
        var parse = GateSpec.Parse(["a=2", "b=0.5", "b=0.6"], ["c"], 7, []);

        Assert.Equal(
            [
                "--min-mean: a: expected a number in [0, 1] such as 0.8, got \"2\"",
                "--min-mean: b: given twice",
                "--min-pass-rate: expected scorer=number such as similarity=0.8, got \"c\"",
                "--max-drop: expected a number in [0, 1] (a drop of the mean score), got 7",
            ],
            parse.Errors);
    }
}
