namespace Vigil.Evals.Internal;

/// <summary>Models often wrap JSON in a Markdown code fence (<c>```json … ```</c>); this takes it out.</summary>
internal static class JsonFence
{
    /// <summary>The text inside a fence that wraps the whole output; otherwise the output, trimmed.</summary>
    public static string Unwrap(string output)
    {
        var text = output.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstLineEnd < 0)
        {
            return text;
        }

        var info = text[3..firstLineEnd].Trim();
        if (info.Length > 0 && !info.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var body = text[(firstLineEnd + 1)..];
        var close = body.LastIndexOf("```", StringComparison.Ordinal);
        return (close >= 0 ? body[..close] : body).Trim();
    }
}
