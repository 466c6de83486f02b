using System.Diagnostics;
using System.Globalization;

namespace Vigil.Simulator.Application.Requests;

/// <summary>
/// <c>research-agent</c>: an agent loop. Each step is a chat call that picks a tool and the tool's
/// execution; the last chat call answers. A looping agent (the <c>agent_loop</c> fault) takes
/// many times the usual steps.
/// </summary>
public static class AgentRequest
{
    private static readonly string[] Tools = ["web_search", "fetch_page", "calculator"];
    private static readonly string[] Questions =
    [
        "Compare the pricing of the three largest cloud providers for object storage.",
        "What were the main causes of the 2008 financial crisis?",
        "How much CO2 does a transatlantic flight emit per passenger?",
        "Summarize the latest research on solid-state batteries.",
        "Which European countries have the highest broadband coverage?",
    ];

    public static DateTimeOffset Run(RequestContext ctx, string root, DateTimeOffset start, string? shiftedInput)
    {
        var question = shiftedInput ?? Questions[ctx.Random.Next(Questions.Length)];
        var system = SystemPrompts.For(ctx.Feature.Name, ctx.Release.Prompt);
        var baseSteps = 2 + ctx.Random.Next(0, 3);
        var effects = ctx.EffectsFor(ctx.Release.Primary, start);
        var steps = (int)Math.Round(baseSteps * effects.AgentStepsFactor);
        var t = start;
        var transcript = "Question: " + question;
        for (var step = 1; step <= steps; step++)
        {
            var tool = Tools[ctx.Random.Next(Tools.Length)];
            var decision = Calls.Chat(ctx, root, t, system, transcript, (_, _, _) => $"I will call {tool} (step {step}).");
            if (!decision.Succeeded)
            {
                return decision.End;
            }

            var call = ctx.NewSpan($"execute_tool {tool}", ActivityKind.Internal, decision.End, root)
                .Set("gen_ai.operation.name", "execute_tool")
                .Set("gen_ai.tool.name", tool)
                .Set("gen_ai.tool.call.id", "call_" + ctx.Hex(6));
            call.End = call.Start + TimeSpan.FromMilliseconds(ctx.LogNormal(tool == "calculator" ? 5 : 450, 0.5));
            var observation = string.Create(CultureInfo.InvariantCulture, $"{tool} returned {ctx.Random.Next(3, 12)} results.");
            call.Set("gen_ai.tool.call.result", observation);
            transcript += $"\nStep {step}: {tool} → {observation}";
            t = call.End;
        }

        var answer = Calls.Chat(ctx, root, t, system, transcript, (_, model, fx) =>
        {
            if (ctx.Chance(fx.RefusalRate))
            {
                return "I'm sorry, I can't research that.";
            }

            if (ctx.Chance(fx.HallucinationRate))
            {
                return $"Answer to '{question}': according to https://example.org/report-{ctx.Random.Next(1000, 9999)} (a page no tool fetched), the answer is settled.";
            }

            var quality = model.Quality - ctx.Release.ModelQualityDrop - ctx.Release.Prompt.QualityDrop - fx.QualityDrop;
            return ctx.Chance(quality)
                ? $"Answer to '{question}': based on {steps} sources, the evidence points to a clear conclusion (sources cited)."
                : $"I could not find a reliable answer to '{question}'.";
        });
        return answer.End;
    }
}
