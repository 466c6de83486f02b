using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using Vigil.Ingest.GenAi;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// The attributes of one span, looked up by key: the span's own first, then its resource's. One
/// instance is reused for every span of a <c>Map</c> call (a dictionary filled per span), so reading
/// an attribute is a hash lookup and no per-attribute LINQ runs. Text read through it is truncated to
/// <see cref="IngestLimits.MaxAttributeValueLength"/> and counted in <see cref="Truncated"/>.
/// </summary>
internal sealed class SpanAttributes
{
    /// <summary>Keys longer than this are dropped (and counted): nothing that long is a name.</summary>
    public const int MaxKeyLength = 1024;

    private const int MaxArrayItems = 128;

    private readonly IngestLimits _limits;
    private readonly Dictionary<string, AnyValue> _span = new(StringComparer.Ordinal);
    private readonly List<string> _kept = [];
    private RepeatedField<KeyValue>? _ordered;
    private ResourceAttributes? _resource;

    public SpanAttributes(IngestLimits limits)
    {
        _limits = limits;
    }

    /// <summary>Values truncated while reading the current span.</summary>
    public int Truncated { get; private set; }

    /// <summary>Attributes dropped from the current span's attribute map (over the count limit, or keys too long).</summary>
    public int Dropped { get; private set; }

    public void Load(RepeatedField<KeyValue> attributes, ResourceAttributes resource)
    {
        _span.Clear();
        _kept.Clear();
        Truncated = 0;
        Dropped = 0;
        _ordered = attributes;
        _resource = resource;
        foreach (var pair in attributes)
        {
            if (pair.Key.Length > 0 && pair.Value is not null && pair.Value.ValueCase != AnyValue.ValueOneofCase.None)
            {
                _span[pair.Key] = pair.Value;
            }
        }
    }

    /// <summary>The first span or resource attribute too long to accept, or null.</summary>
    public (string Key, int Length)? Oversized() =>
        ResourceAttributes.FindOversized(_ordered!, _limits.RejectAttributeValueLength) ?? _resource!.Oversized;

    public AnyValue? Find(string key) => _span.GetValueOrDefault(key) ?? _resource!.Find(key);

    /// <summary>Keeps a mapped attribute in the attribute map after all (its value could not be used).</summary>
    public void Keep(string key) => _kept.Add(key);

    /// <summary>The attribute as text (truncated, counted), or null when absent or empty.</summary>
    public string? Text(string key)
    {
        var text = AnyValues.ToText(Find(key));
        return string.IsNullOrEmpty(text) ? null : Limit(text, _limits.MaxAttributeValueLength);
    }

    public string? Text(string key, string fallbackKey) => Text(key) ?? Text(fallbackKey);

    /// <summary>Text cut to <paramref name="max"/> characters; a cut is counted in <see cref="Truncated"/>.</summary>
    public string Limit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        Truncated++;
        return AnyValues.Truncate(text, max);
    }

    /// <summary>Largest count accepted: far beyond any call, small enough that sums of counts cannot overflow.</summary>
    public const long MaxCount = 1_000_000_000_000_000;

    /// <summary>A count from 0 to <see cref="MaxCount"/> (ints, integral doubles, numeric strings); anything else is kept as an attribute.</summary>
    public long? Count(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        if (AnyValues.ToLong(value) is { } count and >= 0 and <= MaxCount)
        {
            return count;
        }

        Keep(key);
        return null;
    }

    public double? Number(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        var number = AnyValues.ToDouble(value);
        if (number is null || !double.IsFinite(number.Value))
        {
            Keep(key);
            return null;
        }

        return number;
    }

    public bool? Flag(string key)
    {
        if (Find(key) is not { } value)
        {
            return null;
        }

        var flag = AnyValues.ToBool(value);
        if (flag is null)
        {
            Keep(key);
        }

        return flag;
    }

    /// <summary>A string array; a plain string is one item, a string holding a JSON array of strings is read as that array.</summary>
    public IReadOnlyList<string> Texts(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return [];
        }

        List<string> items = [];
        if (value.ValueCase == AnyValue.ValueOneofCase.ArrayValue)
        {
            foreach (var item in value.ArrayValue.Values)
            {
                if (items.Count < MaxArrayItems && AnyValues.ToText(item) is { Length: > 0 } text)
                {
                    items.Add(Limit(text, _limits.MaxAttributeValueLength));
                }
            }
        }
        else if (value.ValueCase == AnyValue.ValueOneofCase.StringValue && value.StringValue.StartsWith('['))
        {
            ReadJsonStrings(value.StringValue, items);
        }
        else if (AnyValues.ToText(value) is { Length: > 0 } single)
        {
            items.Add(Limit(single, _limits.MaxAttributeValueLength));
        }

        return items;
    }

    private void ReadJsonStrings(string json, List<string> items)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    if (items.Count < MaxArrayItems && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
                    {
                        items.Add(Limit(text, _limits.MaxAttributeValueLength));
                    }
                }

                return;
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the string is the one item.
        }

        items.Add(Limit(json, _limits.MaxAttributeValueLength));
    }

    /// <summary>
    /// The attributes not mapped to a span field, as text: the span's in the order sent, then the
    /// resource's that the span does not override. Beyond <see cref="IngestLimits.MaxAttributesPerSpan"/>
    /// attributes are dropped (span attributes win the places); content attributes are dropped
    /// unless <see cref="IngestLimits.StoreContent"/>.
    /// </summary>
    public Dictionary<string, string> Unmapped()
    {
        var result = new Dictionary<string, string>(Math.Min(_ordered!.Count + _resource!.Ordered.Count, _limits.MaxAttributesPerSpan), StringComparer.Ordinal);
        foreach (var pair in _ordered)
        {
            if (_span.ContainsKey(pair.Key))
            {
                AddUnmapped(result, pair.Key, pair.Value);
            }
        }

        foreach (var pair in _resource.Ordered)
        {
            if (!_span.ContainsKey(pair.Key))
            {
                AddUnmapped(result, pair.Key, pair.Value);
            }
        }

        return result;
    }

    /// <summary>Adds one attribute to an attribute map under the count, key and length limits.</summary>
    public void AddUnmapped(Dictionary<string, string> target, string key, AnyValue value)
    {
        if ((GenAiAttributes.Mapped.Contains(key) && !_kept.Contains(key))
            || (!_limits.StoreContent && GenAiAttributes.IsUnmappedContent(key)))
        {
            return;
        }

        Add(target, key, AnyValues.ToText(value));
    }

    /// <summary>Adds an attribute Vigil derives itself (the instrumentation scope) unless the span or resource has that key.</summary>
    public void AddDerived(Dictionary<string, string> target, string key, string text)
    {
        if (text.Length > 0 && Find(key) is null)
        {
            Add(target, key, text);
        }
    }

    private void Add(Dictionary<string, string> target, string key, string? text)
    {
        if (text is null)
        {
            return;
        }

        if (key.Length > MaxKeyLength || (target.Count >= _limits.MaxAttributesPerSpan && !target.ContainsKey(key)))
        {
            Dropped++;
            return;
        }

        target[key] = Limit(text, _limits.MaxAttributeValueLength);
    }
}
