using System.Globalization;

namespace Vigil.Simulator.Application.Requests;

/// <summary>
/// <c>summarize</c>: one chat call over a document. A right summary keeps the document's key facts;
/// a wrong one adds a claim the document does not make.
/// </summary>
public static class ChatRequest
{
    public static DateTimeOffset Run(RequestContext ctx, string root, DateTimeOffset start, string? shiftedInput)
    {
        var kb = ctx.World.Knowledge.Documents;
        var picked = Enumerable.Range(0, 3).Select(_ => kb[ctx.Random.Next(kb.Count)]).ToList();
        var document = shiftedInput ?? string.Join(" ", picked.Select(d => d.Content));
        var user = "Summarize this document:\n\n" + document;
        var system = SystemPrompts.For(ctx.Feature.Name, ctx.Release.Prompt);
        var result = Calls.Chat(ctx, root, start, system, user, (_, model, effects) =>
        {
            if (ctx.Chance(effects.RefusalRate))
            {
                return "I'm sorry, I can't summarize this document.";
            }

            var quality = model.Quality - ctx.Release.ModelQualityDrop - ctx.Release.Prompt.QualityDrop - effects.QualityDrop;
            var summary = shiftedInput is null ? string.Join(" ", picked.Select(d => d.Fact)) : Truncate(shiftedInput, 240);
            if (ctx.Chance(effects.HallucinationRate) || !ctx.Chance(quality))
            {
                summary += string.Create(CultureInfo.InvariantCulture, $" The document also states that prices rise by {ctx.Random.Next(5, 60)} % next year.");
            }

            return summary;
        });

        if (shiftedInput is null && ctx.Chance(0.1))
        {
            ctx.Spans[0].Set("vigil.reference", string.Join(" ", picked.Select(d => d.Fact)));
        }

        return result.End;
    }

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
