using System.Collections.Frozen;

namespace Vigil.Core.Pricing;

/// <summary>
/// Canonical model names: "openai/gpt-4o-2024-08-06" → "gpt-4o". The name is lower-cased; everything
/// up to the last '/' goes (provider routes such as "openai/", "together_ai/meta-llama/", Vertex
/// resource paths), and so do Bedrock's region and vendor prefixes ("us.anthropic."). Then the version
/// suffixes go: Bedrock's "-v1:0" or ":0", a Vertex pin ("@20240620", "@001"), and one of "-latest",
/// a date ("-2024-08-06", "-20241022", "-05-20", "-0613", "-2407") or a Google revision ("-002").
/// </summary>
/// <remarks>
/// The rules only remove what marks a snapshot of the same model, never what tells models apart:
/// "gpt-4o-mini", "o1-mini", "claude-sonnet-4-5", "deepseek-v3" and "text-embedding-ada-002" stay as
/// they are. A four-digit suffix is removed only when it reads as a month and day or a year and month
/// (so "llama3-70b-8192", whose suffix is a context size, is kept), and a three-digit "-0NN" only when
/// the rest of the name already carries a version number. Fine-tuned OpenAI names ("ft:…") are kept
/// whole: a fine-tune is priced apart from its base model.
/// </remarks>
public static class ModelNames
{
    private static readonly FrozenSet<string> Regions = FrozenSet.Create(StringComparer.Ordinal, "us", "us-gov", "eu", "apac", "jp", "au", "global");

    private static readonly FrozenSet<string> Vendors = FrozenSet.Create(
        StringComparer.Ordinal, "anthropic", "meta", "amazon", "mistral", "cohere", "ai21", "deepseek", "writer", "qwen", "openai", "twelvelabs");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> RegionLookup = Regions.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> VendorLookup = Vendors.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Canonical(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lower = model.Trim().ToLowerInvariant();
        if (lower.StartsWith("ft:", StringComparison.Ordinal))
        {
            return lower;
        }

        var name = WithoutRoute(lower.AsSpan());
        name = WithoutVendorPrefix(name);
        name = WithoutVersionSuffix(name);
        if (name.StartsWith("gpt-35-"))
        {
            return string.Concat("gpt-3.5-", name["gpt-35-".Length..]);
        }

        return name.Length == lower.Length ? lower : name.ToString();
    }

    /// <summary>The part after the last '/' ("together_ai/meta-llama/x" → "x").</summary>
    internal static ReadOnlySpan<char> WithoutRoute(ReadOnlySpan<char> name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    /// <summary>Whether a (lower-case) Bedrock id carries a cross-region prefix such as "eu.anthropic.".</summary>
    internal static bool HasRegionPrefix(ReadOnlySpan<char> name) => RegionLength(name) > 0;

    /// <summary>"us.anthropic.claude-…" → "claude-…"; "amazon.nova-pro-v1:0" → "nova-pro-v1:0".</summary>
    private static ReadOnlySpan<char> WithoutVendorPrefix(ReadOnlySpan<char> name)
    {
        name = name[RegionLength(name)..];
        var dot = name.IndexOf('.');
        return dot > 0 && dot < name.Length - 1 && VendorLookup.Contains(name[..dot]) ? name[(dot + 1)..] : name;
    }

    /// <summary>The length of a region prefix ("us.") followed by a vendor prefix ("anthropic."), else 0.</summary>
    private static int RegionLength(ReadOnlySpan<char> name)
    {
        var dot = name.IndexOf('.');
        if (dot <= 0 || !RegionLookup.Contains(name[..dot]))
        {
            return 0;
        }

        var rest = name[(dot + 1)..];
        var vendorDot = rest.IndexOf('.');
        return vendorDot > 0 && VendorLookup.Contains(rest[..vendorDot]) ? dot + 1 : 0;
    }

    private static ReadOnlySpan<char> WithoutVersionSuffix(ReadOnlySpan<char> name)
    {
        name = WithoutBedrockVersion(name);

        // Vertex AI pins versions with '@' ("claude-3-5-sonnet@20240620", "text-bison@001") and calls
        // Claude 3.5 Sonnet's second release "claude-3-5-sonnet-v2@20241022" (Anthropic's "-20241022").
        var at = name.LastIndexOf('@');
        if (at > 0)
        {
            var pinnedToDate = IsDate8(name[(at + 1)..]);
            name = name[..at];
            var v = name.LastIndexOf("-v");
            if (pinnedToDate && v > 0 && IsDigits(name[(v + 2)..]) && name.StartsWith("claude-"))
            {
                return name[..v];
            }
        }

        if (name.EndsWith("-latest"))
        {
            return name[..^"-latest".Length];
        }

        return WithoutDate(name);
    }

    /// <summary>"-v1:0" always; "-v2:0" after a date (the date says the same); a bare ":0".</summary>
    private static ReadOnlySpan<char> WithoutBedrockVersion(ReadOnlySpan<char> name)
    {
        if (name.EndsWith("-v1:0"))
        {
            return name[..^"-v1:0".Length];
        }

        var v = name.LastIndexOf("-v");
        if (v > 0)
        {
            var version = name[(v + 2)..];
            var colon = version.IndexOf(':');
            if (colon > 0 && IsDigits(version[..colon]) && IsDigits(version[(colon + 1)..]) && v >= 9 && name[v - 9] == '-' && IsDate8(name.Slice(v - 8, 8)))
            {
                return name[..v];
            }
        }

        return name.EndsWith(":0") ? name[..^2] : name;
    }

    private static ReadOnlySpan<char> WithoutDate(ReadOnlySpan<char> name)
    {
        var dash = name.LastIndexOf('-');
        if (dash <= 0)
        {
            return name;
        }

        var last = name[(dash + 1)..];

        // "-2024-08-06" and "-05-20": the last part is a day, the one before a month.
        if (last.Length == 2 && IsDigits(last) && dash >= 3 && name[dash - 3] == '-' && IsMonth(name.Slice(dash - 2, 2)) && IsDay(last))
        {
            var monthDash = dash - 3;
            if (monthDash >= 5 && name[monthDash - 5] == '-' && IsYear(name.Slice(monthDash - 4, 4)))
            {
                return name[..(monthDash - 5)];
            }

            return name[..monthDash];
        }

        var rest = name[..dash];
        return last.Length switch
        {
            8 when IsDate8(last) => rest,
            4 when IsDigits(last) && ((IsMonth(last[..2]) && IsDay(last[2..])) || (IsShortYear(last[..2]) && IsMonth(last[2..]))) => rest,
            3 when last[0] == '0' && IsDigits(last) && rest.IndexOfAnyInRange('0', '9') >= 0 => rest,
            _ => name,
        };
    }

    private static bool IsDate8(ReadOnlySpan<char> s) =>
        s.Length == 8 && IsDigits(s) && IsYear(s[..4]) && IsMonth(s.Slice(4, 2)) && IsDay(s.Slice(6, 2));

    private static bool IsYear(ReadOnlySpan<char> s) => s.Length == 4 && s[0] == '2' && s[1] == '0' && IsDigits(s);

    private static bool IsShortYear(ReadOnlySpan<char> s) => s[0] == '2' && s[1] is >= '3' and <= '9';

    private static bool IsMonth(ReadOnlySpan<char> s) => IsDigits(s) && TwoDigits(s) is >= 1 and <= 12;

    private static bool IsDay(ReadOnlySpan<char> s) => IsDigits(s) && TwoDigits(s) is >= 1 and <= 31;

    private static int TwoDigits(ReadOnlySpan<char> s) => ((s[0] - '0') * 10) + (s[1] - '0');

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');
}
