using System.Globalization;
using Vigil.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// Reads one YAML mapping by key, reporting a value of the wrong type at its path. Every key asked
/// for is known; <see cref="RejectUnknown"/> reports the others, so a misspelt key is an error.
/// </summary>
internal sealed class YamlMapReader(YamlMappingNode node, string path, ErrorList errors)
{
    private readonly List<string> _known = [];

    public string Path { get; } = path;
    public ErrorList Errors { get; } = errors;

    /// <summary>The path of a key of this mapping.</summary>
    public string At(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>A scalar key's text without marking it known or reporting anything.</summary>
    public static string? Peek(YamlMappingNode mapping, string key) =>
        Find(mapping, key) is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value : null;

    /// <summary>A mapping key's value without marking it known or reporting anything.</summary>
    public static YamlMappingNode? PeekMap(YamlMappingNode mapping, string key) => Find(mapping, key) as YamlMappingNode;

    /// <summary>The value of a key; null when absent or written as null.</summary>
    public YamlNode? Node(string key)
    {
        _known.Add(key);
        return Find(node, key) is { } value && !IsNull(value) ? value : null;
    }

    /// <summary>Marks keys as known without reading them (accepted and ignored).</summary>
    public void Ignore(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    /// <summary>Marks every key as known: a free-form mapping such as labels.</summary>
    public void IgnoreOthers() => _known.AddRange(node.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? k.ToString()));

    public string? Text(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value;
            default:
                Errors.AddOnce(At(key), "expected a single value, not a list or a mapping");
                return null;
        }
    }

    public double? Number(string key) => Parse<double>(key, "a number", text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);

    public decimal? Decimal(string key) => Parse<decimal>(key, "a number", text =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null);

    public long? Integer(string key) => Parse<long>(key, "a whole number", text =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public bool? Bool(string key) => Parse<bool>(key, "true or false", ParseBool);

    public TimeSpan? Duration(string key) => Parse<TimeSpan>(key, "a duration (e.g. 30s, 5m, 1h, 7d)", text =>
        Durations.TryParse(text, out var v) ? v : null);

    /// <summary>A list of names; a single name is a list of one.</summary>
    public IReadOnlyList<string>? Strings(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return [scalar.Value ?? ""];
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode):
                return [.. list.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "")];
            default:
                Errors.AddOnce(At(key), "expected a list of names");
                return null;
        }
    }

    public YamlMapReader? Map(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new YamlMapReader(mapping, At(key), Errors);
            default:
                Errors.AddOnce(At(key), "expected a mapping (key: value lines)");
                return null;
        }
    }

    public IReadOnlyList<YamlNode>? Items(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case YamlSequenceNode list:
                return [.. list.Children];
            default:
                Errors.AddOnce(At(key), "expected a list");
                return null;
        }
    }

    /// <summary>Reports every key of the mapping that was neither read nor ignored.</summary>
    public void RejectUnknown()
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!_known.Contains(name, StringComparer.Ordinal))
            {
                Errors.AddOnce(At(name), $"unknown key (expected one of: {string.Join(", ", _known.Distinct(StringComparer.Ordinal))})");
            }
        }
    }

    public static bool? ParseBool(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" => false,
        _ => null,
    };

    public static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private T? Parse<T>(string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (parse(text) is { } value)
        {
            return value;
        }

        Errors.AddOnce(At(key), $"'{text}' is not {expected}");
        return null;
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k } && string.Equals(k, key, StringComparison.Ordinal)).Value;
}
