using Vigil.Server.Configuration;

namespace Vigil.Server.Tests.Configuration.Slos;

public sealed class OpenSloFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-openslo-" + Guid.NewGuid().ToString("N"));

    public OpenSloFilesTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string SloDocument(string name) => $$"""
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: {{name}}
        spec:
          indicator:
            spec:
              thresholdMetric:
                metricSource: { type: vigil, spec: { kind: availability, feature: checkout } }
          timeWindow: [{ duration: 7d, isRolling: true }]
          objectives: [{ target: 0.999 }]
        """;

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void OpensloPaths_AreReadFromADirectoryRelativeToTheConfigFile()
    {
        Write("slos/checkout.yaml", SloDocument("checkout-available"));
        Write("slos/team/search.yml", SloDocument("search-available"));
        Write("slos/README.md", "not yaml");
        Write("extra.yaml", SloDocument("extra-available"));
        var config = Write("vigil.yaml", """
            openslo:
              - slos/
              - extra.yaml
            slos:
              - { name: inline-latency, feature: checkout, indicator: { kind: latency, threshold: 1s }, objective: 0.99, window: 7d }
            """);

        var settings = VigilConfigLoader.Load(config);

        Assert.Equal(["inline-latency", "checkout-available", "search-available", "extra-available"], settings.Slos.Select(s => s.Name));
    }

    [Fact]
    public void SameSlo_InVigilYamlAndAnOpensloFile_IsAnErrorNamingBothPlaces()
    {
        Write("slos/checkout.yaml", SloDocument("checkout-available"));
        var config = Write("vigil.yaml", """
            openslo: [slos, missing/]
            slos:
              - { name: checkout-available, feature: checkout, indicator: { kind: availability }, objective: 0.99 }
            """);

        var errors = Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Load(config)).Errors;

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("openslo[1]: 'missing/' does not exist", errors[0], StringComparison.Ordinal);
        Assert.Equal(
            $"{Path.Combine("slos", "checkout.yaml")}, document 1 (SLO checkout-available): metadata.name: SLO 'checkout-available' of project 'default' is already defined at vigil.yaml slos[0]",
            errors[1]);
    }

    [Fact]
    public void OpensloSlo_LongerThanSpanRetention_IsAnErrorSayingWhichKeyToRaise()
    {
        Write("slos/checkout.yaml", SloDocument("checkout-available").Replace("7d", "1M", StringComparison.Ordinal).Replace("isRolling: true", "isRolling: false", StringComparison.Ordinal));
        var config = Write("vigil.yaml", "retention: { spans: 30d }\nopenslo: [slos]\n");

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => VigilConfigLoader.Load(config)).Errors);

        Assert.Contains("slo 'checkout-available' (project default)", error, StringComparison.Ordinal);
        Assert.Contains("raise retention.spans to at least 31d", error, StringComparison.Ordinal);
    }
}
