namespace Vigil.Core.Pricing;

/// <summary>
/// A price table could not be read: it is not JSON, or an entry holds something other than a
/// price where a price belongs. The message names the entry and the field when they are known.
/// </summary>
public sealed class PriceImportException : Exception
{
    public PriceImportException()
    {
    }

    public PriceImportException(string message)
        : base(message)
    {
    }

    public PriceImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PriceImportException(string? entry, string? field, string problem, Exception? innerException = null)
        : base(Describe(entry, field, problem), innerException)
    {
        Entry = entry;
        Field = field;
    }

    /// <summary>The key of the entry at fault (for example "gpt-4o"), when known.</summary>
    public string? Entry { get; }

    /// <summary>The field at fault (for example "input_cost_per_token"), when known.</summary>
    public string? Field { get; }

    private static string Describe(string? entry, string? field, string problem) => (entry, field) switch
    {
        (not null, not null) => $"price table entry '{entry}', field '{field}': {problem}",
        (not null, null) => $"price table entry '{entry}': {problem}",
        _ => $"price table: {problem}",
    };
}
