using System.Diagnostics;
using System.Text.Json;
using Vigil.Simulator.Generation;

namespace Vigil.Simulator.Application.Requests;

/// <summary>
/// <c>support-chat</c>: retrieval from <c>support-kb</c> → rerank → generation. A right answer states
/// the fact of the document the question is about and cites it; a wrong one states another
/// retrieved document's fact; a hallucinated one cites a document that was not retrieved.
/// </summary>
public static class RagRequest
{
    private const int Retrieved = 8;
    private const int Kept = 4;

    public static DateTimeOffset Run(RequestContext ctx, string root, DateTimeOffset start, string? offTopicInput)
    {
        var kb = ctx.World.Knowledge.Documents;
        var target = kb[ctx.Random.Next(kb.Count)];
        var question = offTopicInput ?? KnowledgeBase.QuestionFor(target);

        var retrieval = ctx.NewSpan($"retrieval {Catalog.SupportIndex}", ActivityKind.Client, start, root)
            .Set("gen_ai.operation.name", "retrieval")
            .Set("gen_ai.data_source.id", Catalog.SupportIndex)
            .Set("gen_ai.retrieval.query.text", question);
        var candidates = new List<KbDocument>();
        if (offTopicInput is null)
        {
            candidates.Add(target);
        }

        while (candidates.Count < Retrieved)
        {
            var other = kb[ctx.Random.Next(kb.Count)];
            if (!candidates.Contains(other))
            {
                candidates.Add(other);
            }
        }

        Shuffle(ctx.Random, candidates);
        var (sizeFactor, _) = ctx.Faults.IndexState(start, Catalog.SupportIndex);
        retrieval.End = start + TimeSpan.FromMilliseconds(ctx.LogNormal(45 * Math.Sqrt(sizeFactor), 0.3));
        retrieval.Set("gen_ai.retrieval.documents", Documents(candidates, ctx));

        var rerank = ctx.NewSpan("rerank", ActivityKind.Client, retrieval.End, root).Set("gen_ai.operation.name", "rerank");
        var kept = candidates.OrderByDescending(d => d == target ? 2 : ctx.Random.NextDouble()).Take(Kept).ToList();
        rerank.End = rerank.Start + TimeSpan.FromMilliseconds(ctx.LogNormal(60, 0.25));
        rerank.Set("gen_ai.rerank.documents", Documents(kept, ctx));

        var context = string.Join("\n", kept.Select(d => $"[{d.Id}] {d.Content}"));
        var user = $"Documents:\n{context}\n\nQuestion: {question}";
        var system = SystemPrompts.For(ctx.Feature.Name, ctx.Release.Prompt);
        var result = Calls.Chat(ctx, root, rerank.End, system, user, (route, model, effects) =>
        {
            if (offTopicInput is not null)
            {
                return ctx.Chance(0.7) ? "I can only help with questions about Acme products." : $"Here is what I found: {kept[0].Fact} [{kept[0].Id}]";
            }

            var hallucination = Math.Max(effects.HallucinationRate, ctx.Release.Index?.CitationErrorRate ?? 0);
            if (ctx.Chance(effects.RefusalRate))
            {
                return "I'm sorry, I can't help with that request.";
            }

            if (ctx.Chance(hallucination))
            {
                return $"{Fabricate(ctx, target.Fact)} [kb-{ctx.Random.Next(900, 999):D4}]";
            }

            var quality = model.Quality - ctx.Release.ModelQualityDrop - ctx.Release.Prompt.QualityDrop - effects.QualityDrop;
            if (ctx.Chance(quality))
            {
                return $"{target.Fact} [{target.Id}]";
            }

            var wrong = kept.FirstOrDefault(d => d != target) ?? target;
            return ctx.Chance(0.5) ? $"{wrong.Fact} [{wrong.Id}]" : "I'm not sure; the documents do not say clearly.";
        });

        if (offTopicInput is null && ctx.Chance(0.1))
        {
            ctx.Spans[0].Set("vigil.reference", target.Fact);
        }

        return result.End;
    }

    private static string Documents(IEnumerable<KbDocument> documents, RequestContext ctx) =>
        JsonSerializer.Serialize(documents.Select(d => new Dictionary<string, object>
        {
            ["id"] = d.Id,
            ["score"] = Math.Round(0.5 + (ctx.Random.NextDouble() / 2), 3),
            ["content"] = d.Content,
        }));

    /// <summary>The fact with its number changed: fluent, plausible, wrong.</summary>
    private static string Fabricate(RequestContext ctx, string fact)
    {
        var digits = fact.AsSpan().IndexOfAnyInRange('0', '9');
        if (digits < 0)
        {
            return fact + " This is guaranteed for every plan.";
        }

        var end = digits;
        while (end < fact.Length && char.IsAsciiDigit(fact[end]))
        {
            end++;
        }

        return fact[..digits] + ctx.Random.Next(100, 400).ToString(System.Globalization.CultureInfo.InvariantCulture) + fact[end..];
    }

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
