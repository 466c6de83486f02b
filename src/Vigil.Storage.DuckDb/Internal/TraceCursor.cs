using System.Globalization;
using System.Text;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>The keyset position after a page: the last trace's (start, trace id), as opaque base64url text.</summary>
internal readonly record struct TraceCursor(long StartUnixNano, string TraceId)
{
    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{StartUnixNano}:{TraceId}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static TraceCursor Decode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start) && colon < text.Length - 1)
            {
                return new TraceCursor(start, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        throw new ArgumentException($"'{cursor}' is not a cursor returned by a trace search", nameof(cursor));
    }
}
