using Vigil.Detectors.Tables.Internal;

namespace Vigil.Detectors.Tables;

/// <summary>
/// A table read column by column: every cell as text (null when missing), with the line of the file it came from,
/// so that a later error can name the file, the line and the column.
/// </summary>
public sealed class ColumnTable
{
    /// <summary>File extensions <see cref="Load"/> reads as CSV (and TSV) or JSON Lines.</summary>
    public static readonly IReadOnlyList<string> CsvExtensions = [".csv", ".tsv"];

    public static readonly IReadOnlyList<string> JsonLinesExtensions = [".jsonl", ".ndjson"];

    public ColumnTable(string source, IReadOnlyList<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Source = source;
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Values.Count;
        if (columns.Any(c => c.Values.Count != RowCount))
        {
            throw new ArgumentException("every column needs the same number of rows");
        }
    }

    /// <summary>The file the table was read from (or a label for a table built in memory).</summary>
    public string Source { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public int RowCount { get; }

    public TableColumn? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>Reads a CSV/TSV file (header row required) or a JSON Lines file (one object per line), by extension.</summary>
    /// <exception cref="TableLoadException">The file is missing, of an unknown kind, or malformed; the message names file, line and column.</exception>
    public static ColumnTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TableLoadException(path, null, null, "no such file");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (CsvExtensions.Contains(extension))
        {
            return CsvTableReader.Read(path, extension == ".tsv" ? '\t' : ',');
        }

        if (JsonLinesExtensions.Contains(extension))
        {
            return JsonLinesTableReader.Read(path);
        }

        throw new TableLoadException(path, null, null,
            $"unknown file kind '{extension}': use {string.Join(", ", CsvExtensions)} (header row) or {string.Join(", ", JsonLinesExtensions)} (one JSON object per line)");
    }

    /// <summary>A table from values in memory (line numbers are the 1-based row numbers).</summary>
    public static ColumnTable FromValues(string source, IEnumerable<KeyValuePair<string, IReadOnlyList<string?>>> columns) =>
        new(source, [.. columns.Select(c => new TableColumn(c.Key, c.Value, [.. Enumerable.Range(1, c.Value.Count)]))]);
}

/// <summary>One column: its name, each row's value as text (null when missing) and each row's line in the file.</summary>
public sealed record TableColumn(string Name, IReadOnlyList<string?> Values, IReadOnlyList<int> Lines);

/// <summary>A table file could not be read; <see cref="Exception.Message"/> names the file, and the line and column when known.</summary>
public sealed class TableLoadException : Exception
{
    public TableLoadException(string file, int? line, string? column, string problem)
        : base(Format(file, line, column, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public TableLoadException()
    {
        File = Problem = "";
    }

    public TableLoadException(string message)
        : base(message)
    {
        File = Problem = message;
    }

    public TableLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = Problem = message;
    }

    public string File { get; }

    public int? Line { get; }

    public string? Column { get; }

    public string Problem { get; }

    internal static string Format(string file, int? line, string? column, string problem) =>
        file + (line is { } l ? $", line {l}" : "") + (column is null ? "" : $", column '{column}'") + ": " + problem;
}
