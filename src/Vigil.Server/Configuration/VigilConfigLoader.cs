using System.Globalization;
using Vigil.Core.Pricing;
using Vigil.Core.Text;
using Vigil.Ingest;
using Vigil.Ingest.Pipeline;
using Vigil.Server.Configuration.Slos;
using Vigil.Server.Detectors.Configuration;
using Vigil.Server.Evaluation;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Vigil.Server.Configuration;

/// <summary>
/// Reads vigil.yaml and reports every problem at once, each naming its key (and line for syntax
/// errors), before anything starts. Unknown keys are errors: a misspelt key must not be silently ignored.
/// </summary>
public static class VigilConfigLoader
{
    /// <summary>Loads a file (or defaults when <paramref name="path"/> is null); throws <see cref="ConfigurationException"/> listing every error.</summary>
    public static VigilSettings Load(string? path)
    {
        if (path is null)
        {
            return new VigilSettings();
        }

        if (!File.Exists(path))
        {
            throw new ConfigurationException(path, [$"file not found: {Path.GetFullPath(path)}"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static VigilSettings Parse(string yaml, string source)
    {
        VigilConfigFile file;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build();
            file = deserializer.Deserialize<VigilConfigFile?>(yaml) ?? new VigilConfigFile();
        }
        catch (YamlException ex)
        {
            var detail = ex.InnerException?.Message ?? ex.Message;
            throw new ConfigurationException(source, [$"line {ex.Start.Line}, column {ex.Start.Column}: {detail}"]);
        }

        var errors = new List<string>();
        var settings = Convert(file, errors);
        settings = settings with { Slos = SloSources.Load(file.Slos, file.Openslo, source, errors) };
        settings = settings with { Evaluation = EvaluationSectionReader.Convert(file.Evaluation, errors) };
        settings = settings with { Detectors = DetectorSectionReader.Convert(file.Detectors, errors) };
        errors.AddRange(Validate(settings));
        return errors.Count == 0 ? settings : throw new ConfigurationException(source, errors);
    }

    /// <summary>Every problem of settings assembled in code or from the command line.</summary>
    public static IReadOnlyList<string> Validate(VigilSettings settings)
    {
        var errors = new List<string>();
        errors.AddRange(settings.Ingest.Validate());
        errors.AddRange(settings.Queue.Validate());
        if (!ListenAddress.TryParse(settings.HttpAddress, out _, out var httpError))
        {
            errors.Add($"server.http: {httpError}");
        }

        if (!ListenAddress.TryParse(settings.GrpcAddress, out _, out var grpcError))
        {
            errors.Add($"server.grpc: {grpcError}");
        }

        if (string.IsNullOrWhiteSpace(settings.DataDirectory))
        {
            errors.Add("server.data: must name a directory");
        }

        if (settings.Retention.Spans <= TimeSpan.Zero)
        {
            errors.Add("retention.spans: must be positive");
        }

        if (settings.Retention.Rollups < settings.Retention.Spans)
        {
            errors.Add($"retention.rollups ({Durations.Format(settings.Retention.Rollups)}) must be at least retention.spans ({Durations.Format(settings.Retention.Spans)})");
        }

        if (settings.Retention.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add("retention.interval: must be at least 1s");
        }

        if (settings.SloEvaluation.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add("sloEvaluation.interval: must be at least 1s");
        }

        errors.AddRange(EvaluationSectionReader.Validate(settings.Evaluation));
        errors.AddRange(DetectorSectionReader.Validate(settings.Detectors));

        // The SLO engine rebuilds each SLI's history from raw spans at start: the period must be within their retention.
        foreach (var slo in settings.Slos.Where(s => s.Window.MaxDuration > settings.Retention.Spans))
        {
            var needed = Durations.Format(slo.Window.MaxDuration);
            errors.Add($"slo '{slo.Name}' (project {slo.Project}): its window ({slo.Window}) reaches back {needed}, but retention.spans keeps raw spans for {Durations.Format(settings.Retention.Spans)}: raise retention.spans to at least {needed}");
        }

        return errors;
    }

    private static VigilSettings Convert(VigilConfigFile file, List<string> errors)
    {
        var settings = new VigilSettings();
        if (file.Server is { } server)
        {
            settings = settings with
            {
                DataDirectory = server.Data ?? settings.DataDirectory,
                HttpAddress = server.Http ?? settings.HttpAddress,
                GrpcAddress = server.Grpc ?? settings.GrpcAddress,
            };
        }

        if (file.Auth?.Anonymous is { } anonymous)
        {
            if (Enum.TryParse<AnonymousAccess>(anonymous, ignoreCase: true, out var access) && Enum.IsDefined(access))
            {
                settings = settings with { Anonymous = access };
            }
            else
            {
                errors.Add($"auth.anonymous: '{anonymous}' is not one of auto, allow, deny");
            }
        }

        if (file.Ingest is { } ingest)
        {
            var d = settings.Ingest;
            settings = settings with
            {
                Ingest = new IngestLimits
                {
                    MaxBodyBytes = ingest.MaxBodyBytes ?? d.MaxBodyBytes,
                    MaxAttributesPerSpan = ingest.MaxAttributesPerSpan ?? d.MaxAttributesPerSpan,
                    MaxAttributeValueLength = ingest.MaxAttributeValueLength ?? d.MaxAttributeValueLength,
                    RejectAttributeValueLength = ingest.RejectAttributeValueLength ?? d.RejectAttributeValueLength,
                    StoreContent = ingest.StoreContent ?? d.StoreContent,
                    MaxContentLength = ingest.MaxContentLength ?? d.MaxContentLength,
                    MaxEventsPerSpan = ingest.MaxEventsPerSpan ?? d.MaxEventsPerSpan,
                },
            };
        }

        if (file.Queue is { } queue)
        {
            settings = settings with
            {
                Queue = new WriteQueueOptions
                {
                    Capacity = queue.Capacity ?? settings.Queue.Capacity,
                    MaxItemsPerCommit = queue.MaxItemsPerCommit ?? settings.Queue.MaxItemsPerCommit,
                    MaxInFlightBytes = queue.MaxInFlightBytes ?? settings.Queue.MaxInFlightBytes,
                    RetryAfter = Duration(queue.RetryAfter, "queue.retryAfter", settings.Queue.RetryAfter, errors),
                    Journal = queue.Journal ?? settings.Queue.Journal,
                    ReadYourWritesWait = Duration(queue.ReadYourWritesWait, "queue.readYourWritesWait", settings.Queue.ReadYourWritesWait, errors),
                },
            };
        }

        if (file.Retention is { } retention)
        {
            settings = settings with
            {
                Retention = new RetentionSettings
                {
                    Spans = Duration(retention.Spans, "retention.spans", settings.Retention.Spans, errors),
                    Rollups = Duration(retention.Rollups, "retention.rollups", settings.Retention.Rollups, errors),
                    Interval = Duration(retention.Interval, "retention.interval", settings.Retention.Interval, errors),
                },
            };
        }

        if (file.SloEvaluation is { } evaluation)
        {
            settings = settings with { SloEvaluation = new SloEvaluationSettings { Interval = Duration(evaluation.Interval, "sloEvaluation.interval", settings.SloEvaluation.Interval, errors) } };
        }

        if (file.Prices is { } prices)
        {
            settings = settings with { PriceOverrides = prices.Select((p, i) => Price(p, $"prices[{i}]", errors)).OfType<ModelPrice>().ToList() };
        }

        return settings;
    }

    private static TimeSpan Duration(string? text, string key, TimeSpan fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Durations.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{key}: '{text}' is not a duration (e.g. 500ms, 30s, 5m, 1h, 7d)");
        return fallback;
    }

    private static ModelPrice? Price(PriceEntry entry, string key, List<string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(entry.Model))
        {
            errors.Add($"{key}.model: required");
        }

        if (entry.Input is null or < 0)
        {
            errors.Add($"{key}.input: required, USD per million input tokens, ≥ 0");
        }

        if (entry.Output is null or < 0)
        {
            errors.Add($"{key}.output: required, USD per million output tokens, ≥ 0");
        }

        var effective = DateTimeOffset.UnixEpoch;
        if (entry.EffectiveFrom is { } from &&
            !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out effective))
        {
            errors.Add($"{key}.effectiveFrom: '{from}' is not a date (e.g. 2026-01-01)");
        }

        var tiers = new List<PriceTier>();
        foreach (var (tier, i) in (entry.Tiers ?? []).Select((t, i) => (t, i)))
        {
            if (tier.AboveInputTokens is not > 0 || tier.Input is null || tier.Output is null)
            {
                errors.Add($"{key}.tiers[{i}]: needs aboveInputTokens > 0, input and output");
                continue;
            }

            tiers.Add(new PriceTier
            {
                AboveInputTokens = tier.AboveInputTokens.Value,
                InputPerMillion = tier.Input.Value,
                OutputPerMillion = tier.Output.Value,
                CacheReadPerMillion = tier.CacheRead,
                CacheWritePerMillion = tier.CacheWrite,
            });
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ModelPrice
        {
            Model = ModelNames.Canonical(entry.Model!),
            Provider = entry.Provider,
            EffectiveFrom = effective,
            InputPerMillion = entry.Input!.Value,
            OutputPerMillion = entry.Output!.Value,
            CacheReadPerMillion = entry.CacheRead,
            CacheWritePerMillion = entry.CacheWrite,
            ReasoningPerMillion = entry.Reasoning,
            Tiers = tiers,
            Source = "config",
        };
    }
}
