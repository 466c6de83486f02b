using Vigil.Server.Releases;

namespace Vigil.Server.Tests.Releases;

public sealed class PromptTemplatesTests
{
    [Theory]
    [InlineData("Hello {{name}}", new[] { "name" })]
    [InlineData("{{{raw}}} and {{ spaced }}", new[] { "raw", "spaced" })]
    [InlineData("{{#if vip}}Dear {{title}} {{else}}Hi {{first}}{{/if}}", new[] { "first", "title", "vip" })]
    [InlineData("{{#each docs}}- {{this.title}} ({{@index}}){{/each}}\n{{question}}", new[] { "docs", "question" })]
    [InlineData("{{user.name}} {{!-- {{ignored}} --}}", new[] { "user" })]
    [InlineData("no variables", new string[0])]
    public void Variables_AreTheTopLevelNamesTheTemplateReads(string template, string[] expected)
    {
        Assert.Equal(expected, PromptTemplates.Variables(template));
    }

    [Fact]
    public void Render_DoesNotHtmlEscape()
    {
        var render = PromptTemplates.Render("Q: {{q}} / {{{q}}}", new Dictionary<string, object?> { ["q"] = "a < b && \"c\"" });

        Assert.Equal("Q: a < b && \"c\" / a < b && \"c\"", render.Text);
    }

    [Fact]
    public void Render_WithListsAndMaps_FillsBlocks()
    {
        var variables = new Dictionary<string, object?>
        {
            ["docs"] = new List<object?> { new Dictionary<string, object?> { ["title"] = "A" }, new Dictionary<string, object?> { ["title"] = "B" } },
            ["user"] = new Dictionary<string, object?> { ["name"] = "Ann" },
            ["n"] = 3L,
        };

        var render = PromptTemplates.Render("{{user.name}}:{{#each docs}} {{title}}{{/each}} ({{n}})", variables);

        Assert.Equal("Ann: A B (3)", render.Text);
    }

    [Fact]
    public void Render_NamesEveryMissingVariable()
    {
        var render = PromptTemplates.Render("{{a}} {{#if b}}{{c}}{{else}}{{d}}{{/if}}", new Dictionary<string, object?> { ["a"] = "x" });

        Assert.False(render.Succeeded);
        Assert.Equal(["b", "c", "d"], render.Missing);
    }

    [Fact]
    public void Render_AMissingMemberOfAGivenMap_IsNamedByItsPath()
    {
        var render = PromptTemplates.Render("{{user.email}}", new Dictionary<string, object?> { ["user"] = new Dictionary<string, object?>() });

        Assert.Equal(["user.email"], render.Missing);
    }

    [Theory]
    [InlineData("{{#if x}}never closed")]
    [InlineData("{{name")]
    [InlineData("{{/each}}")]
    [InlineData("{{> partial}}")]
    public void Check_ReportsTemplatesThatCannotBeUsed(string template)
    {
        Assert.NotNull(PromptTemplates.Check(template));
        Assert.Throws<ArgumentException>(() => PromptTemplates.Variables(template));
    }
}
