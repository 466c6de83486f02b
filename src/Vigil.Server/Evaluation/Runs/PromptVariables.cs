using System.Text;
using Vigil.Core.Evals;
using Vigil.Server.Releases;

namespace Vigil.Server.Evaluation.Runs;

/// <summary>
/// What a release's prompt template sees for a dataset item: <c>input</c>, <c>context</c> (a list of
/// <c>{id, text}</c>), <c>context_text</c> (the documents as "[id] text" lines) and every metadata key
/// (which cannot shadow those three). The rendered template is the system message; the item's input is
/// the user message.
/// </summary>
internal static class PromptVariables
{
    public static Dictionary<string, object?> For(DatasetItem item)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in item.Metadata)
        {
            variables[key] = value;
        }

        variables["input"] = item.Input;
        variables["context"] = item.Context.Select(d => new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = d.Id, ["text"] = d.Text }).ToList();
        var text = new StringBuilder();
        foreach (var document in item.Context)
        {
            text.Append('[').Append(document.Id).Append("] ").Append(document.Text).Append('\n');
        }

        variables["context_text"] = text.ToString();
        return variables;
    }

    /// <summary>Whether the item gives the template variable <paramref name="name"/>.</summary>
    public static bool Provides(DatasetItem item, string name) =>
        name is "input" or "context" or "context_text" || item.Metadata.ContainsKey(name);

    /// <summary>The rendered system prompt for the item; throws with the missing variables' names when it cannot render.</summary>
    public static string? Render(string template, DatasetItem item)
    {
        if (string.IsNullOrEmpty(template))
        {
            return null;
        }

        var render = PromptTemplates.Render(template, For(item));
        return render.Text ?? throw new InvalidOperationException(render.Error
            ?? $"the prompt reads {string.Join(", ", render.Missing)}, which item '{item.Id}' does not provide (it has input, context, context_text{string.Concat(item.Metadata.Keys.Select(k => ", " + k))})");
    }
}
