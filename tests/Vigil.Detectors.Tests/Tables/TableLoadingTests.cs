using Vigil.Detectors.Tables;

namespace Vigil.Detectors.Tests.Tables;

/// <summary>CSV and JSON Lines into columns; every error names the file, and the line and column when it has them.</summary>
public sealed class TableLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-drift-tables-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Csv_ReadsColumnsWithMissingValuesAndPhysicalLines()
    {
        var path = Write("a.csv", "model,latency_ms,prompt\ngpt-4o,120,hello\nclaude,,\"two\nlines\"\ngpt-4o,NaN,third\n");
        var table = ColumnTable.Load(path);
        Assert.Equal(["model", "latency_ms", "prompt"], table.Columns.Select(c => c.Name));
        Assert.Equal(3, table.RowCount);
        Assert.Equal(["120", null, null], table.Find("latency_ms")!.Values);
        Assert.Equal("two\nlines", table.Find("prompt")!.Values[1]);
        // The third record starts on line 5: the second one spans lines 3 and 4.
        Assert.Equal([2, 3, 5], table.Find("model")!.Lines);
    }

    [Fact]
    public void Csv_RowWithTooManyFields_NamesFileAndLine()
    {
        var path = Write("ragged.csv", "a,b\n1,2\n\"x\ny\",2\n3,4,5\n");
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(path));
        Assert.Equal(path, error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains("3 fields", error.Message);
        Assert.StartsWith($"{path}, line 5: ", error.Message);
    }

    [Fact]
    public void Csv_RowWithTooFewFields_NamesFileAndLine()
    {
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("short.csv", "a,b,c\n1,2,3\n4,5\n")));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Csv_BlankLine_IsSkipped_AndStrayQuote_NamesTheLine()
    {
        var table = ColumnTable.Load(Write("blank.csv", "a,b\n1,2\n\n3,4\n"));
        Assert.Equal([2, 4], table.Find("a")!.Lines);
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("quote.csv", "a,b\n1,2\n3,\"4\"x\n")));
        Assert.Equal(3, error.Line);
        Assert.Contains("quote", error.Message);
    }

    [Fact]
    public void Csv_LineStartingWithHash_IsData()
    {
        var table = ColumnTable.Load(Write("hash.csv", "act,prompt\n# RULES,\"---\nname: x\"\nplain,text\n"));
        Assert.Equal(["# RULES", "plain"], table.Find("act")!.Values);
    }

    [Fact]
    public void Csv_DuplicateHeader_NamesTheColumn()
    {
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("dup.csv", "a,b,a\n1,2,3\n")));
        Assert.Equal(1, error.Line);
        Assert.Equal("a", error.Column);
        Assert.Contains("column 'a'", error.Message);
    }

    [Fact]
    public void Csv_Empty_NeedsAHeader()
    {
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("empty.csv", "")));
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void Tsv_UsesTabs()
    {
        var table = ColumnTable.Load(Write("t.tsv", "a\tb\n1,5\t2\n"));
        Assert.Equal(["1,5"], table.Find("a")!.Values);
    }

    [Fact]
    public void Jsonl_UnionOfKeys_NullAndAbsentAreMissing_TypesBecomeText()
    {
        var path = Write("a.jsonl", """
            {"model": "gpt-4o", "tokens": 12, "ok": true}

            {"model": null, "tokens": 7.5, "turns": ["hi", "there"], "meta": {"k": 1}}
            {"tokens": 3}
            """);
        var table = ColumnTable.Load(path);
        Assert.Equal(["model", "tokens", "ok", "turns", "meta"], table.Columns.Select(c => c.Name));
        Assert.Equal(["gpt-4o", null, null], table.Find("model")!.Values);
        Assert.Equal(["12", "7.5", "3"], table.Find("tokens")!.Values);
        Assert.Equal(["true", null, null], table.Find("ok")!.Values);
        Assert.Equal([null, "hi\nthere", null], table.Find("turns")!.Values);
        Assert.Equal([null, """{"k": 1}""", null], table.Find("meta")!.Values);
        Assert.Equal([1, 3, 4], table.Find("tokens")!.Lines);
    }

    [Fact]
    public void Jsonl_InvalidJson_NamesFileLineAndPosition()
    {
        var path = Write("bad.jsonl", "{\"a\": 1}\n{\"a\": 2,}\n");
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(path));
        Assert.Equal(2, error.Line);
        Assert.StartsWith($"{path}, line 2: not valid JSON at character", error.Message);
    }

    [Fact]
    public void Jsonl_LineThatIsNotAnObject_IsRejected()
    {
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("arr.jsonl", "{\"a\": 1}\n[1, 2]\n")));
        Assert.Equal(2, error.Line);
        Assert.Contains("one object", error.Message);
    }

    [Fact]
    public void Jsonl_DuplicateKey_NamesTheColumn()
    {
        var error = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("dupkey.jsonl", "{\"a\": 1, \"a\": 2}\n")));
        Assert.Equal((1, "a"), (error.Line!.Value, error.Column));
    }

    [Fact]
    public void Load_UnknownExtensionOrMissingFile_NamesTheFile()
    {
        var unknown = Assert.Throws<TableLoadException>(() => ColumnTable.Load(Write("data.parquet", "x")));
        Assert.Contains(".parquet", unknown.Message);
        var missing = Path.Combine(_dir, "nope.csv");
        Assert.StartsWith(missing + ": no such file", Assert.Throws<TableLoadException>(() => ColumnTable.Load(missing)).Message);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
