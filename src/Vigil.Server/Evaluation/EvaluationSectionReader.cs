using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Evals;
using Vigil.Server.Configuration.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Evaluation;

/// <summary>
/// Reads vigil.yaml's <c>evaluation:</c> mapping, reporting every problem at its key
/// (<c>evaluation.online[0].sampleRate: …</c>); unknown keys are errors. Scorer names and options are
/// checked by <see cref="Validate"/>, which settings built in code go through too.
/// </summary>
internal static class EvaluationSectionReader
{
    private const string Root = "evaluation";

    public static EvaluationSettings Convert(YamlMappingNode? section, List<string> errors)
    {
        var settings = new EvaluationSettings();
        if (section is null)
        {
            return settings;
        }

        var list = new ErrorList();
        var reader = new YamlMapReader(section, Root, list);
        var interval = reader.Duration("interval");
        var online = new List<OnlineFeatureSettings>();
        foreach (var (item, i) in (reader.Items("online") ?? []).Select((n, i) => (n, i)))
        {
            var key = $"{Root}.online[{i}]";
            if (item is not YamlMappingNode mapping)
            {
                list.Add(key, "expected a mapping with feature, sampleRate, minPerStratum and scorers");
                continue;
            }

            if (Feature(new YamlMapReader(mapping, key, list)) is { } feature)
            {
                online.Add(feature);
            }
        }

        var offline = reader.Map("offline") is { } map ? Offline(map) : settings.Offline;
        reader.RejectUnknown();
        errors.AddRange(list.Messages);
        return settings with { Interval = interval ?? settings.Interval, Online = online, Offline = offline };
    }

    /// <summary>Every problem of the settings, scorer options included, each naming its key.</summary>
    public static IReadOnlyList<string> Validate(EvaluationSettings settings)
    {
        var errors = new List<string>();
        if (settings.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Root}.interval: must be at least 1s");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Online.Count; i++)
        {
            var feature = settings.Online[i];
            var key = $"{Root}.online[{i}]";
            if (string.IsNullOrWhiteSpace(feature.Feature))
            {
                errors.Add($"{key}.feature: required");
            }
            else if (!seen.Add(feature.Feature))
            {
                errors.Add($"{key}.feature: '{feature.Feature}' is configured twice");
            }

            if (!double.IsFinite(feature.SampleRate) || feature.SampleRate is < 0 or > 1)
            {
                errors.Add($"{key}.sampleRate: must be between 0 and 1 (e.g. 0.1)");
            }

            if (feature.MinPerStratum < 0)
            {
                errors.Add($"{key}.minPerStratum: must be 0 or more");
            }

            if (feature.Scorers.Count == 0)
            {
                errors.Add($"{key}.scorers: name at least one scorer (known: {string.Join(", ", ScorerFactory.Names)})");
            }

            for (var s = 0; s < feature.Scorers.Count; s++)
            {
                try
                {
                    ScorerFactory.Create(feature.Scorers[s].Name, feature.Scorers[s].Options);
                }
                catch (ScorerOptionsException ex)
                {
                    errors.AddRange(ex.Problems.Select(p => p.Option == "name"
                        ? $"{key}.scorers[{s}].name: {p.Message}"
                        : $"{key}.scorers[{s}].options.{p.Option}: {p.Message}"));
                }
            }
        }

        return errors;
    }

    private static OfflineEvaluationSettings Offline(YamlMapReader reader)
    {
        var defaults = new OfflineEvaluationSettings();
        Uri? endpoint = null;
        if (reader.Text("endpoint") is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                endpoint = uri;
            }
            else
            {
                reader.Errors.AddOnce(reader.At("endpoint"), $"'{text}' is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)");
            }
        }

        var keyEnv = reader.Text("apiKeyEnv");
        var timeout = reader.Duration("timeout");
        var concurrency = reader.Integer("concurrency");
        if (concurrency is < 1 or > 64)
        {
            reader.Errors.AddOnce(reader.At("concurrency"), "must be between 1 and 64");
        }

        if (timeout is { } t && t < TimeSpan.FromSeconds(1))
        {
            reader.Errors.AddOnce(reader.At("timeout"), "must be at least 1s");
        }

        reader.RejectUnknown();
        return new OfflineEvaluationSettings
        {
            Endpoint = endpoint,
            ApiKeyEnv = keyEnv ?? defaults.ApiKeyEnv,
            Timeout = timeout ?? defaults.Timeout,
            Concurrency = concurrency is >= 1 and <= 64 ? (int)concurrency.Value : defaults.Concurrency,
        };
    }

    private static OnlineFeatureSettings? Feature(YamlMapReader reader)
    {
        var before = reader.Errors.Count;
        var name = reader.Text("feature");
        if (name is null)
        {
            reader.Errors.AddOnce(reader.At("feature"), "required: the feature whose traces are scored");
        }

        var rate = reader.Number("sampleRate");
        var min = reader.Integer("minPerStratum");
        if (min is > int.MaxValue)
        {
            reader.Errors.AddOnce(reader.At("minPerStratum"), "too large");
        }

        var scorers = new List<OnlineScorerSettings>();
        var items = reader.Items("scorers");
        if (items is null)
        {
            reader.Errors.AddOnce(reader.At("scorers"), "required: a list of { name, options }");
        }

        foreach (var (item, i) in (items ?? []).Select((n, i) => (n, i)))
        {
            var key = $"{reader.At("scorers")}[{i}]";
            if (item is not YamlMappingNode mapping)
            {
                reader.Errors.Add(key, "expected a mapping { name: …, options: { … } }");
                continue;
            }

            var scorer = new YamlMapReader(mapping, key, reader.Errors);
            var scorerName = scorer.Text("name");
            if (scorerName is null)
            {
                reader.Errors.AddOnce(scorer.At("name"), $"required (known: {string.Join(", ", ScorerFactory.Names)})");
            }

            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            switch (scorer.Node("options"))
            {
                case null:
                    break;
                case YamlMappingNode map:
                    foreach (var (k, v) in map.Children)
                    {
                        options[(k as YamlScalarNode)?.Value ?? k.ToString()] = OptionValue(v);
                    }

                    break;
                default:
                    reader.Errors.AddOnce(scorer.At("options"), "expected a mapping (option: value lines)");
                    break;
            }

            scorer.RejectUnknown();
            if (scorerName is not null)
            {
                scorers.Add(new OnlineScorerSettings(scorerName, options));
            }
        }

        reader.RejectUnknown();
        if (reader.Errors.Count > before || name is null)
        {
            return null;
        }

        var defaults = new OnlineFeatureSettings { Feature = name, Scorers = scorers };
        return defaults with { SampleRate = rate ?? defaults.SampleRate, MinPerStratum = (int)(min ?? defaults.MinPerStratum) };
    }

    /// <summary>A scalar stays text (scorers read numbers from text with the invariant culture); a mapping or list becomes JSON.</summary>
    private static object? OptionValue(YamlNode node) => node switch
    {
        _ when YamlMapReader.IsNull(node) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => JsonSerializer.SerializeToElement(ToJson(node)),
    };

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        _ when YamlMapReader.IsNull(node) => null,
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create((p.Key as YamlScalarNode)?.Value ?? p.Key.ToString(), ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonValue Plain(string text) =>
        YamlMapReader.ParseBool(text) is { } flag ? JsonValue.Create(flag)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number)
        : JsonValue.Create(text);
}
