using System.Text;

namespace Vigil.Bench.Harness;

/// <summary>What a benchmark prints, kept so that it can also be saved under bench/results.</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public void Table(TextTable table)
    {
        var text = table.ToString();
        Console.Write(text);
        _text.Append(text);
    }

    /// <summary>Writes the report to bench/results/<paramref name="name"/> and returns the path.</summary>
    public async Task<string> SaveAsync(string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RepoPaths.Results);
        var path = Path.Combine(RepoPaths.Results, name);
        await File.WriteAllTextAsync(path, _text.ToString(), cancellationToken);
        return path;
    }

    public static string Verdict(bool met) => met ? "MET" : "NOT MET";
}
