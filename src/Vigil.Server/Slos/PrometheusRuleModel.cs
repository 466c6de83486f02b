using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace Vigil.Server.Slos;

/// <summary>A Prometheus rule file (<c>groups:</c>), as <c>promtool check rules</c> reads it.</summary>
internal sealed record PromRuleFile
{
    public required IReadOnlyList<PromRuleGroup> Groups { get; init; }

    /// <summary>The file as YAML: multi-line PromQL as literal blocks, no line folding, strings that look like numbers quoted.</summary>
    public string ToYaml()
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(LowerCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .WithQuotingNecessaryStrings()
            .WithEventEmitter(next => new LiteralMultilineEmitter(next))
            .DisableAliases()
            .Build();
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        serializer.Serialize(new Emitter(writer, 2, int.MaxValue), this);
        return writer.ToString();
    }

    /// <summary>Expressions spanning lines are written as <c>|-</c> blocks, as Sloth writes them.</summary>
    private sealed class LiteralMultilineEmitter(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal))
            {
                eventInfo.Style = ScalarStyle.Literal;
            }

            base.Emit(eventInfo, emitter);
        }
    }
}

internal sealed record PromRuleGroup
{
    public required string Name { get; init; }
    public required IReadOnlyList<PromRule> Rules { get; init; }
}

/// <summary>A recording rule (<see cref="Record"/>) or an alerting rule (<see cref="Alert"/>); unset fields are not written.</summary>
internal sealed record PromRule
{
    public string? Record { get; init; }
    public string? Alert { get; init; }
    public required string Expr { get; init; }

    /// <summary>Alerts: how long the condition holds before the alert fires; null for at once.</summary>
    public string? For { get; init; }

    public required SortedDictionary<string, string> Labels { get; init; }
    public SortedDictionary<string, string>? Annotations { get; init; }
}

/// <summary>PromQL text: numbers, durations and label values, always culture-invariant.</summary>
internal static class PromQl
{
    private const int SignificantDigits = 10;

    private static readonly (string Unit, long Millis, bool ExactOnly)[] Units =
    [
        ("y", 365 * 86_400_000L, true),
        ("w", 7 * 86_400_000L, true),
        ("d", 86_400_000L, false),
        ("h", 3_600_000L, false),
        ("m", 60_000L, false),
        ("s", 1_000L, false),
        ("ms", 1L, false),
    ];

    /// <summary>
    /// A number rounded to 10 significant digits, never in exponent form: 14.4 → "14.4", 13.44 (not
    /// 13.440000000000001), 0.9333333333, and 1 − 0.999 → "0.001".
    /// </summary>
    public static string Number(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var decimals = SignificantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return Math.Round(value, Math.Clamp(decimals, 0, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A duration the way Prometheus prints one (and Sloth names its windows): years and weeks only when
    /// exact, then days down to milliseconds — 30d, 4w (28 days), 1h30m, 5m.
    /// </summary>
    public static string Duration(TimeSpan duration)
    {
        var millis = (long)duration.TotalMilliseconds;
        if (millis <= 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, size, exactOnly) in Units)
        {
            if ((exactOnly && millis % size != 0) || millis < size)
            {
                continue;
            }

            text.Append((millis / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
            millis %= size;
        }

        return text.ToString();
    }

    /// <summary>A label value inside a PromQL string literal: backslashes, quotes and line breaks escaped.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                '\t' => text.Append(@"\t"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }

    /// <summary>A selector such as <c>{slo="a", project="b"}</c> from label pairs, values escaped.</summary>
    public static string Selector(string separator, params (string Name, string Value)[] labels) =>
        "{" + string.Join(separator, labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    /// <summary>
    /// Text of an annotation, which Prometheus expands as a Go template: a literal <c>{{</c> in a
    /// name would start an action, so it is written as the template that prints it.
    /// </summary>
    public static string TemplateLiteral(string value) => value.Replace("{{", "{{ \"{{\" }}", StringComparison.Ordinal);
}
