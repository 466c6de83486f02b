using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Core.Text;

namespace Vigil.Evals.Internal;

/// <summary>
/// Reads a scorer's options as they come from configuration — CLR values, strings (YAML, the command
/// line) or <see cref="JsonElement"/>s (JSON) — and collects every problem, naming its option, instead
/// of stopping at the first. Options nobody read are reported as unknown (typos fail fast).
/// </summary>
internal sealed class OptionReader(string scorer, IReadOnlyDictionary<string, object?> options)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<OptionProblem> _problems = [];

    public string Scorer { get; } = scorer;

    public IReadOnlyList<OptionProblem> Problems => _problems;

    public void Problem(string option, string message) => _problems.Add(new OptionProblem(option, message));

    public bool Has(string option) => options.TryGetValue(option, out var value) && value is not null && !IsJsonNull(value);

    /// <summary>The raw value, marked as read; null when absent.</summary>
    public object? Raw(string option)
    {
        _read.Add(option);
        return options.TryGetValue(option, out var value) && !IsJsonNull(value) ? value : null;
    }

    public string? String(string option)
    {
        var value = Raw(option);
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return element.GetString();
            case JsonValue node when node.TryGetValue<string>(out var text):
                return text;
            default:
                Problem(option, $"expected text, got {Describe(value)}");
                return null;
        }
    }

    public string RequiredString(string option, string what)
    {
        var text = String(option);
        if (text is null && !Has(option))
        {
            Problem(option, $"required: {what}");
        }
        else if (text is { Length: 0 })
        {
            Problem(option, $"must not be empty: {what}");
        }

        return text ?? "";
    }

    public bool Bool(string option, bool fallback)
    {
        var value = Raw(option);
        switch (value)
        {
            case null:
                return fallback;
            case bool flag:
                return flag;
            case string text when bool.TryParse(text.Trim(), out var flag):
                return flag;
            case JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } element:
                return element.GetBoolean();
            case JsonValue node when node.TryGetValue<bool>(out var flag):
                return flag;
            default:
                Problem(option, $"expected true or false, got {Describe(value)}");
                return fallback;
        }
    }

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public double Number(string option, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var value = Raw(option);
        if (value is null)
        {
            return fallback;
        }

        if (!TryNumber(value, out var number))
        {
            Problem(option, $"expected a number, got {Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            Problem(option, $"{number.ToString(CultureInfo.InvariantCulture)} is outside [{Format(min)}, {Format(max)}]");
            return fallback;
        }

        return number;
    }

    /// <summary>A number that must be given, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double RequiredNumber(string option, string what, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!Has(option))
        {
            Raw(option);
            Problem(option, $"required: {what}");
            return 0;
        }

        return Number(option, 0, min, max);
    }

    /// <summary>A threshold in [0, 1].</summary>
    public double Threshold(double fallback) => Number("threshold", fallback, 0, 1);

    /// <summary>A duration in milliseconds: a number of milliseconds, or text such as <c>2s</c> or <c>500ms</c>.</summary>
    public double? Milliseconds(string option)
    {
        var value = Raw(option);
        if (value is null)
        {
            return null;
        }

        if (TryNumber(value, out var number))
        {
            if (number >= 0)
            {
                return number;
            }

            Problem(option, "must not be negative");
            return null;
        }

        var text = value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        };
        if (Durations.TryParse(text, out var duration))
        {
            return duration.TotalMilliseconds;
        }

        Problem(option, $"expected milliseconds or a duration such as 500ms or 2s, got {Describe(value)}");
        return null;
    }

    /// <summary>Reports every option that no getter asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var key in options.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal))
        {
            var known = _read.Count == 0 ? "none" : string.Join(", ", _read.Order(StringComparer.Ordinal));
            Problem(key, $"unknown option for scorer '{Scorer}' (known: {known})");
        }
    }

    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"\"{s}\"",
        JsonElement e => $"JSON {e.ValueKind.ToString().ToLowerInvariant()} {Truncate(e.GetRawText())}",
        JsonNode n => $"JSON {Truncate(n.ToJsonString())}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };

    private static bool TryNumber(object value, out double number)
    {
        switch (value)
        {
            case double d:
                number = d;
                return double.IsFinite(d);
            case float f:
                number = f;
                return float.IsFinite(f);
            case int i:
                number = i;
                return true;
            case long l:
                number = l;
                return true;
            case decimal m:
                number = (double)m;
                return true;
            case string s:
                return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
            case JsonElement { ValueKind: JsonValueKind.Number } e:
                number = e.GetDouble();
                return true;
            case JsonValue node when node.TryGetValue<double>(out var d):
                number = d;
                return double.IsFinite(d);
            default:
                number = 0;
                return false;
        }
    }

    private static bool IsJsonNull(object? value) => value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };

    private static string Format(double bound) => bound switch
    {
        double.MinValue => "-∞",
        double.MaxValue => "∞",
        _ => bound.ToString(CultureInfo.InvariantCulture),
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
