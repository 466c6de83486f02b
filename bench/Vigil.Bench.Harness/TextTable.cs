using System.Text;

namespace Vigil.Bench.Harness;

/// <summary>A plain-text table with aligned columns (also valid Markdown), for the console report.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => i < r.Length ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            text.Append('|');
            for (var i = 0; i < widths.Length; i++)
            {
                text.Append(' ').Append((i < cells.Count ? cells[i] : string.Empty).PadRight(widths[i])).Append(" |");
            }

            text.AppendLine();
        }

        Line(headers);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
