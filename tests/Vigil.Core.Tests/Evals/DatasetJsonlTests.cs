using Vigil.Core.Evals;

namespace Vigil.Core.Tests.Evals;

public sealed class DatasetJsonlTests
{
    [Fact]
    public void Parse_EveryField_ReadsItemsInOrder()
    {
        var text = """
            {"id":"q1","input":"Where is my order?","expected":"It ships Monday [kb-1]","context":[{"id":"kb-1","text":"Orders ship Monday."}],"metadata":{"locale":"en","priority":2,"vip":true}}

            {"input":"¿Dónde está?","expected_output":null,"context":["first doc","second doc"]}
            """;

        var parsed = DatasetJsonl.Parse(text);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal(2, parsed.Items.Count);
        var first = parsed.Items[0];
        Assert.Equal("q1", first.Id);
        Assert.Equal("It ships Monday [kb-1]", first.Expected);
        Assert.Equal(new DatasetDocument("kb-1", "Orders ship Monday."), Assert.Single(first.Context));
        Assert.Equal("en", first.Metadata["locale"]);
        Assert.Equal("2", first.Metadata["priority"]);
        Assert.Equal("true", first.Metadata["vip"]);
        var second = parsed.Items[1];
        Assert.Equal(DatasetJsonl.DefaultId("¿Dónde está?"), second.Id);
        Assert.Null(second.Expected);
        Assert.Equal(["doc-1", "doc-2"], second.Context.Select(d => d.Id));
    }

    [Fact]
    public void Parse_BadLines_NameLineAndKeyOfEveryProblem()
    {
        var text = string.Join('\n',
            """{"input":"a","expectd":"typo"}""",
            """{"expected":"no input"}""",
            """not json""",
            """{"input":42}""",
            """{"input":"b","metadata":{"nested":{"x":1}}}""",
            """{"id":"dup","input":"c"}""",
            """{"id":"dup","input":"d"}""",
            """["an","array"]""",
            """{"input":"e","context":[1]}""");

        var parsed = DatasetJsonl.Parse(text);

        Assert.False(parsed.IsValid);
        Assert.Contains("line 1: expectd: unknown key (known: id, input, expected, context, metadata)", parsed.Problems);
        Assert.Contains("line 2: input: is required", parsed.Problems);
        Assert.Contains(parsed.Problems, p => p.StartsWith("line 3: not valid JSON", StringComparison.Ordinal));
        Assert.Contains("line 4: input: must be a string, not a number", parsed.Problems);
        Assert.Contains("line 5: metadata.nested: must be a string, number or boolean, not an object", parsed.Problems);
        Assert.Contains("line 7: id: 'dup' repeats the item of line 6", parsed.Problems);
        Assert.Contains("line 8: must be a JSON object, not an array", parsed.Problems);
        Assert.Contains("line 9: context[0]: must be a string or an object with a string 'text' (and 'id')", parsed.Problems);
    }

    [Fact]
    public void Parse_EmptyText_IsAProblemNotAnEmptyDataset()
    {
        var parsed = DatasetJsonl.Parse("\n  \n");

        Assert.Equal(["the file holds no items"], parsed.Problems);
    }

    [Fact]
    public void Parse_ManyBadLines_StopsAfterTheLimit()
    {
        var text = string.Join('\n', Enumerable.Repeat("{}", 100));

        var parsed = DatasetJsonl.Parse(text);

        Assert.Equal(DatasetJsonl.MaxProblems + 1, parsed.Problems.Count);
        Assert.Equal("… further lines not checked", parsed.Problems[^1]);
    }

    [Fact]
    public void Format_ThenParse_RoundTripsAndHashesStably()
    {
        var items = new[]
        {
            new DatasetItem
            {
                Id = "x",
                Input = "line one\nline \"two\" — ünïcödé 日本",
                Expected = "ok",
                Context = [new DatasetDocument("kb-9", "text")],
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2" },
            },
            new DatasetItem { Id = "y", Input = "plain" },
        };

        var text = DatasetJsonl.Format(items);
        var back = DatasetJsonl.Parse(text);

        Assert.True(back.IsValid);
        Assert.Equal(items, back.Items);
        Assert.Equal(DatasetJsonl.Hash(items), DatasetJsonl.Hash(back.Items));
        Assert.StartsWith("""{"id":"x","input":"line one\nline \"two\" — ünïcödé 日本","expected":"ok",""", text, StringComparison.Ordinal);
        Assert.Contains("""{"a":"2","z":"1"}""", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("golden", "golden", null)]
    [InlineData("golden@3", "golden", 3)]
    public void DatasetRef_TryParse_ReadsNameAndVersion(string text, string name, int? version)
    {
        Assert.True(DatasetRef.TryParse(text, out var n, out var v, out _));
        Assert.Equal(name, n);
        Assert.Equal(version, v);
    }

    [Theory]
    [InlineData("", "is empty (expected NAME or NAME@VERSION)")]
    [InlineData("bad name", "'bad name' is not a valid dataset name (letters, digits, '-', '_' and '.', 1–64 characters)")]
    [InlineData("golden@0", "'0' is not a dataset version (a whole number from 1)")]
    [InlineData("golden@v2", "'v2' is not a dataset version (a whole number from 1)")]
    public void DatasetRef_TryParse_ExplainsMalformedReferences(string text, string error)
    {
        Assert.False(DatasetRef.TryParse(text, out _, out _, out var e));
        Assert.Equal(error, e);
    }
}
