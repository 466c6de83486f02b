using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Pricing;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>JSON text columns: attribute maps and price tiers (source-generated, no reflection).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<PriceTier>))]
internal sealed partial class StorageJson : JsonSerializerContext
{
    private const string EmptyObject = "{}";

    public static string SerializeAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return EmptyObject;
        }

        var copy = attributes as Dictionary<string, string> ?? new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        return JsonSerializer.Serialize(copy, Default.DictionaryStringString);
    }

    public static Dictionary<string, string> DeserializeAttributes(string json) =>
        json == EmptyObject
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(JsonSerializer.Deserialize(json, Default.DictionaryStringString) ?? [], StringComparer.Ordinal);

    public static string SerializeTiers(IReadOnlyList<PriceTier> tiers) =>
        JsonSerializer.Serialize(tiers as List<PriceTier> ?? [.. tiers], Default.ListPriceTier);

    public static List<PriceTier> DeserializeTiers(string json) =>
        JsonSerializer.Deserialize(json, Default.ListPriceTier) ?? [];
}
