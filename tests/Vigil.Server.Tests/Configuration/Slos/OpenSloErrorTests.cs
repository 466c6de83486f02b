namespace Vigil.Server.Tests.Configuration.Slos;

public sealed class OpenSloErrorTests
{
    private const string Sli = """
        apiVersion: openslo/v1
        kind: SLI
        metadata: { name: chat-latency }
        spec:
          thresholdMetric:
            metricSource: { type: vigil, spec: { kind: latency, feature: support-chat, threshold: 2s } }
        """;

    private static string Slo(string name, string spec) => $$"""
        apiVersion: openslo/v1
        kind: SLO
        metadata: { name: {{name}} }
        spec:
        {{spec}}
        """;

    private static string Error(params string[] files)
    {
        var result = OpenSloDocumentTests.Parse(files);
        Assert.Empty(result.Definitions);
        return Assert.Single(result.Errors);
    }

    private const string Rolling = "  indicatorRef: chat-latency\n  timeWindow: [{ duration: 28d, isRolling: true }]\n";

    [Fact]
    public void Target_AboveOne_IsAnErrorNamingFileDocumentAndKey()
    {
        var error = Error(Sli + "\n---\n" + Slo("support-chat-quality", Rolling + "  objectives: [{ target: 1.5 }]"));

        Assert.StartsWith("slos/file1.yaml, document 2 (SLO support-chat-quality): spec.objectives[0].target: must be between 0 and 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralObjectives_AreAnErrorSayingToSplitThem()
    {
        var error = Error(Sli, Slo("two", Rolling + "  objectives: [{ target: 0.9 }, { target: 0.99 }]"));

        Assert.Equal("slos/file2.yaml, document 1 (SLO two): spec.objectives: 2 objectives: Vigil supports exactly one per SLO; split them into several SLOs", error);
    }

    [Fact]
    public void MetricSourceOfAnotherType_IsNotSupported()
    {
        var error = Error("""
            apiVersion: openslo/v1
            kind: SLI
            metadata: { name: chat-latency }
            spec:
              thresholdMetric:
                metricSource:
                  type: Prometheus
                  spec: { query: 'histogram_quantile(0.99, rate(latency_bucket[5m]))' }
            """, Slo("latency", Rolling + "  objectives: [{ target: 0.99 }]"));

        Assert.Equal("slos/file1.yaml, document 1 (SLI chat-latency): spec.thresholdMetric: metricSource.type 'Prometheus' is not supported: Vigil computes SLIs from its own telemetry; use type: vigil", error);
    }

    [Fact]
    public void IndicatorRef_ToNoSli_IsAnError()
    {
        var error = Error(Slo("latency", "  indicatorRef: nope\n  timeWindow: [{ duration: 28d }]\n  objectives: [{ target: 0.99 }]"));

        Assert.Equal("slos/file1.yaml, document 1 (SLO latency): spec.indicatorRef: no SLI named 'nope' in the loaded files", error);
    }

    [Theory]
    [InlineData("openslo/v1alpha")]
    [InlineData("v1")]
    public void ApiVersion_OtherThanOpensloV1_IsAnError(string version)
    {
        var error = Error(Sli.Replace("openslo/v1", version, StringComparison.Ordinal));

        Assert.Equal($"slos/file1.yaml, document 1: apiVersion: '{version}' is not supported: Vigil reads openslo/v1", error);
    }

    [Fact]
    public void UnknownKind_AndUnknownKey_AreErrors()
    {
        var result = OpenSloDocumentTests.Parse(Sli.Replace("kind: SLI", "kind: Sli", StringComparison.Ordinal) + "\n---\n" + Sli.Replace("thresholdMetric", "tresholdMetric", StringComparison.Ordinal));

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("slos/file1.yaml, document 1: kind: 'Sli' is not an OpenSLO v1 kind (one of SLO, SLI,", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("slos/file1.yaml, document 2 (SLI chat-latency): spec.tresholdMetric: unknown key", result.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void LatencySli_WithoutAnyThreshold_IsAnErrorAtTheObjective()
    {
        var error = Error(
            Sli.Replace(", threshold: 2s", "", StringComparison.Ordinal),
            Slo("latency", Rolling + "  objectives: [{ target: 0.99 }]"));

        Assert.Equal("slos/file2.yaml, document 1 (SLO latency): spec.objectives[0]: a latency SLI needs a threshold: give op: lte and value (milliseconds) here, or threshold in its metricSource spec", error);
    }

    [Fact]
    public void Threshold_GivenTwice_IsAnError()
    {
        var error = Error(Sli, Slo("latency", Rolling + "  objectives: [{ op: lte, value: 1000, target: 0.99 }]"));

        Assert.EndsWith("spec.objectives[0].value: the SLI's metricSource spec already sets threshold: give it in one place", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{ duration: 1M, isRolling: true }]", "spec.timeWindow[0].duration: 1M is a calendar month")]
    [InlineData("[{ duration: 1Q, isRolling: false }]", "spec.timeWindow[0].duration: '1Q' is not supported")]
    [InlineData("[{ duration: 1M, calendar: { startTime: '2022-01-15 00:00:00', timeZone: UTC } }]", "spec.timeWindow[0].calendar.startTime: '2022-01-15 00:00:00' is not the start of a month")]
    [InlineData("[{ duration: 2w, calendar: { timeZone: Moon/Base } }]", "spec.timeWindow[0].calendar.timeZone: 'Moon/Base' is not a known time zone")]
    [InlineData("[{ duration: 7d }, { duration: 28d }]", "spec.timeWindow: exactly one window is supported")]
    public void TimeWindow_Unsupported_IsAnErrorAtItsKey(string window, string expected)
    {
        var error = Error(Sli, Slo("w", $"  indicatorRef: chat-latency\n  timeWindow: {window}\n  objectives: [{{ target: 0.99 }}]"));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertConditions_WithBadSeverityOrOperator_AreErrorsInTheirDocument()
    {
        var result = OpenSloDocumentTests.Parse(Sli, """
            apiVersion: openslo/v1
            kind: AlertPolicy
            metadata: { name: pages }
            spec:
              conditions:
                - kind: AlertCondition
                  metadata: { name: c }
                  spec:
                    severity: critical
                    condition: { kind: burnrate, op: lte, threshold: 14.4, lookbackWindow: 1h, shortWindow: 2h }
            """, Slo("latency", Rolling + "  objectives: [{ target: 0.99 }]\n  alertPolicies: [pages]"));

        Assert.Empty(result.Definitions);
        Assert.Equal(
            [
                "slos/file2.yaml, document 1 (AlertPolicy pages): spec.conditions[0].spec.condition.op: 'lte' is not supported: a burn-rate condition fires when the burn rate reaches its threshold (op: gte)",
                "slos/file2.yaml, document 1 (AlertPolicy pages): spec.conditions[0].spec.severity: 'critical' is not page or ticket",
                "slos/file2.yaml, document 1 (AlertPolicy pages): spec.conditions[0].spec.condition.shortWindow: must be between 1m and the long window",
            ],
            result.Errors);
    }

    [Fact]
    public void DuplicateNames_AreErrorsNamingBothPlaces()
    {
        var slo = Slo("latency", Rolling + "  objectives: [{ target: 0.99 }]");
        var result = OpenSloDocumentTests.Parse(Sli + "\n---\n" + slo, Sli + "\n---\n" + slo);

        Assert.Single(result.Definitions);
        Assert.Equal(
            [
                "slos/file2.yaml, document 1 (SLI chat-latency): metadata.name: SLI 'chat-latency' is already defined at slos/file1.yaml, document 1",
                "slos/file2.yaml, document 2 (SLO latency): metadata.name: SLO 'latency' of project 'default' is already defined at slos/file1.yaml, document 2",
            ],
            result.Errors);
    }

    [Fact]
    public void YamlSyntaxError_NamesTheFileAndLine()
    {
        var error = Error("apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: x\n");

        Assert.StartsWith("slos/file1.yaml: line ", error, StringComparison.Ordinal);
    }
}
