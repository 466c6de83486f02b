using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using Vigil.Ingest.GenAi;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// The attributes of one OTLP resource, indexed once and shared by all its spans (or data points).
/// Keys that repeat keep their last value; an attribute without a value (OTLP null) is ignored.
/// </summary>
internal sealed class ResourceAttributes
{
    private readonly Dictionary<string, AnyValue> _byKey;

    public ResourceAttributes(RepeatedField<KeyValue>? attributes, int rejectLength)
    {
        _byKey = new Dictionary<string, AnyValue>(attributes?.Count ?? 0, StringComparer.Ordinal);
        List<KeyValue> ordered = [];
        if (attributes is not null)
        {
            foreach (var pair in attributes)
            {
                if (pair.Key.Length == 0 || pair.Value is null || pair.Value.ValueCase == AnyValue.ValueOneofCase.None)
                {
                    continue;
                }

                _byKey[pair.Key] = pair.Value;
                ordered.Add(pair);
            }
        }

        Ordered = ordered;
        Oversized = FindOversized(ordered, rejectLength);
    }

    /// <summary>The attributes in the order sent (a repeated key appears more than once).</summary>
    public IReadOnlyList<KeyValue> Ordered { get; }

    public AnyValue? Find(string key) => _byKey.GetValueOrDefault(key);

    public bool Contains(string key) => _byKey.ContainsKey(key);

    /// <summary>The first attribute too long to accept (see <see cref="FindOversized"/>), or null.</summary>
    public (string Key, int Length)? Oversized { get; }

    /// <summary>
    /// The first attribute whose text is longer than <paramref name="rejectLength"/>. Content
    /// attributes are exempt: they are truncated to the content limit instead, so that a span with a
    /// long prompt keeps its cost and timing.
    /// </summary>
    public static (string Key, int Length)? FindOversized(IReadOnlyList<KeyValue> attributes, int rejectLength)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var pair = attributes[i];
            if (pair.Value is null || GenAiAttributes.IsContent(pair.Key))
            {
                continue;
            }

            var length = AnyValues.TextLength(pair.Value);
            if (length > rejectLength)
            {
                return (pair.Key, length);
            }
        }

        return null;
    }
}
