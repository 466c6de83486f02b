using Sylvan.Data.Csv;

namespace Vigil.Detectors.Tables.Internal;

/// <summary>
/// CSV/TSV with a header row (Sylvan.Data.Csv): every field as text, an empty field is missing, blank lines are
/// skipped. Quoted fields may span lines; line numbers count the physical lines, so an error points where an editor
/// shows the record.
/// </summary>
internal static class CsvTableReader
{
    /// <summary>Large enough for the longest prompt a row may hold (Sylvan's buffer grows up to this).</summary>
    private const int MaxRecordChars = 64 * 1024 * 1024;

    public static ColumnTable Read(string path, char delimiter)
    {
        // No comment lines: Sylvan treats a line starting with # as a comment by default, but in plain CSV it is data.
        var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter, MaxBufferSize = MaxRecordChars, Comment = '\0' };
        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(path, options);
        }
        catch (CsvMissingHeadersException)
        {
            throw new TableLoadException(path, 1, null, "the file is empty; a header row naming the columns is required");
        }
        catch (Exception ex) when (ex is CsvFormatException or IOException or UnauthorizedAccessException)
        {
            throw new TableLoadException(path, 1, null, ex.Message);
        }

        using (csv)
        {
            var names = Header(csv, path);
            var values = names.Select(_ => new List<string?>()).ToArray();
            var lines = new List<int>();
            // The header's own line(s), then each record starts where the previous one ended.
            var line = 1 + names.Sum(CountNewLines) + 1;
            while (Next(csv, path, line))
            {
                if (csv.RowFieldCount == 1 && names.Length > 1 && csv.GetString(0).Length == 0)
                {
                    // A blank line between records.
                    line++;
                    continue;
                }

                if (csv.RowFieldCount != names.Length)
                {
                    throw new TableLoadException(path, line, null, $"{csv.RowFieldCount} fields, but the header names {names.Length} columns");
                }

                var newLines = 0;
                for (var i = 0; i < names.Length; i++)
                {
                    var field = csv.GetString(i);
                    newLines += CountNewLines(field);
                    values[i].Add(Missing.Is(field) ? null : field);
                }

                lines.Add(line);
                line += 1 + newLines;
            }

            return new ColumnTable(path, [.. names.Select((name, i) => new TableColumn(name, values[i], lines))]);
        }
    }

    private static string[] Header(CsvDataReader csv, string path)
    {
        var names = new string[csv.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = csv.GetName(i).Trim();
            if (names[i].Length == 0)
            {
                throw new TableLoadException(path, 1, $"#{i + 1}", "the header has an empty column name");
            }

            if (Array.IndexOf(names, names[i], 0, i) >= 0)
            {
                throw new TableLoadException(path, 1, names[i], "the header names this column twice");
            }
        }

        return names;
    }

    private static bool Next(CsvDataReader csv, string path, int line)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvRecordTooLargeException)
        {
            throw new TableLoadException(path, line, null, $"a record longer than {MaxRecordChars:N0} characters (an unclosed quote?)");
        }
        catch (CsvFormatException ex)
        {
            throw new TableLoadException(path, line, null, "malformed CSV (an unclosed or stray quote?): " + ex.Message);
        }
    }

    private static int CountNewLines(string text) => text.AsSpan().Count('\n');
}
