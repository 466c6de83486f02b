using System.Diagnostics;
using System.Text.Json;
using Vigil.Core.Pricing;
using Vigil.Core.Spans;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Application.Requests;

/// <summary>The outcome of one chat call, after failover: which route answered, with what, and when it ended.</summary>
public sealed record ChatResult(bool Succeeded, Route? Route, ModelSpec? Model, Effects? Effects, string? Output, DateTimeOffset End);

/// <summary>
/// A chat completion as the application makes it: the release's routes in order (primary, then
/// fallback; or the operator's failover route), one client span per attempt in the GenAI semantic
/// conventions, errors and timeouts from the faults, latency drawn per provider and model, token
/// counts from the text, and the cost the vendor bills reported on the span.
/// </summary>
public static class Calls
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Stop = ["stop"];

    /// <param name="answer">Writes the model's output for the route that answers, given its ground truth.</param>
    public static ChatResult Chat(
        RequestContext ctx, string parent, DateTimeOffset start, string system, string user, Func<Route, ModelSpec, Effects, string> answer)
    {
        var routes = ctx.Controls.FailoverTo is { } failover ? [failover]
            : ctx.Release.Routing.Fallback is { } fallback ? new[] { ctx.Release.Primary, fallback }
            : [ctx.Release.Primary];
        var t = start;
        foreach (var route in routes)
        {
            var model = Catalog.Model(route.Model);
            var effects = ctx.EffectsFor(route, t);
            var span = ctx.NewSpan($"chat {route.Model}", ActivityKind.Client, t, parent)
                .Set("gen_ai.operation.name", "chat")
                .Set("gen_ai.provider.name", route.Provider)
                .Set("gen_ai.request.model", route.Model)
                .Set("server.address", route.Provider == "openai" ? "api.openai.com" : "api.anthropic.com")
                .Set("gen_ai.request.temperature", 0.2);
            var userTokens = ctx.World.Tokens.Count(user);
            var prompt = Inflate(ctx, system, userTokens);
            var inputTokens = ctx.World.Tokens.CountCached(prompt) + userTokens;
            span.Set("gen_ai.input.messages", Messages(("system", prompt), ("user", user)));
            if (ctx.Chance(effects.TimeoutRate))
            {
                Fail(span, t + Timeout, "timeout", $"{route.Provider} did not answer within {Timeout.TotalSeconds:0} s");
                t = span.End;
                continue;
            }

            if (ctx.Chance(effects.ErrorRate))
            {
                var status = route.Provider == "anthropic" ? "529" : "503";
                Fail(span, t + TimeSpan.FromMilliseconds(ctx.LogNormal(250, 0.4)), status, $"{route.Provider} answered {status}");
                t = span.End;
                continue;
            }

            var output = answer(route, model, effects);
            var outputTokens = ctx.World.Tokens.Count(output);
            var slow = model.LatencyFactor * effects.LatencyFactor;
            var ttft = ctx.LogNormal(380 * slow, 0.35) + (inputTokens * 0.015);
            var perToken = ctx.LogNormal(11 * slow, 0.2);
            span.End = t + TimeSpan.FromMilliseconds(ttft + (outputTokens * perToken));
            var cached = inputTokens >= 1024 && ctx.Chance(0.5) ? ctx.World.Tokens.CountCached(prompt) / 128 * 128 : 0;
            var usage = new TokenUsage { Input = inputTokens, Output = outputTokens, CacheRead = cached };
            var billed = PriceCalculator.Price(ctx.World.Prices, route.Provider, route.Model, usage, t).Cost * (decimal)effects.PriceFactor;
            span.Set("gen_ai.response.model", ResponseModel(route.Model))
                .Set("gen_ai.response.id", "resp_" + ctx.Hex(12))
                .Set("gen_ai.response.finish_reasons", Stop)
                .Set("gen_ai.usage.input_tokens", (long)inputTokens)
                .Set("gen_ai.usage.output_tokens", (long)outputTokens)
                .Set("gen_ai.usage.cache_read.input_tokens", cached > 0 ? (long)cached : null)
                .Set("gen_ai.usage.cost", billed is { } cost ? (double)cost : null)
                .Set("gen_ai.response.time_to_first_chunk", Math.Round(ttft / 1000, 4))
                .Set("gen_ai.output.messages", Messages(("assistant", output)));
            return new ChatResult(true, route, model, effects, output, span.End);
        }

        return new ChatResult(false, null, null, null, null, t);
    }

    /// <summary>
    /// The system prompt with the release's token inflation: enough extra instruction blocks that the
    /// whole input is <see cref="PromptAxis.InputTokenFactor"/> times what it would be without them.
    /// A factor of 1 or less adds none.
    /// </summary>
    private static string Inflate(RequestContext ctx, string system, int userTokens)
    {
        var factor = ctx.Release.Prompt.InputTokenFactor;
        if (factor <= 1)
        {
            return system;
        }

        var extra = (factor - 1) * (ctx.World.Tokens.CountCached(system) + userTokens);
        var blocks = (int)Math.Round(extra / ctx.World.Tokens.CountCached(SystemPrompts.InflationBlock));
        return system + SystemPrompts.Inflation(blocks);
    }

    /// <summary>A span's failure: status error, <c>error.type</c>, and its end.</summary>
    public static void Fail(SimSpan span, DateTimeOffset end, string errorType, string message)
    {
        span.End = end;
        span.IsError = true;
        span.StatusMessage = message;
        span.Set("error.type", errorType);
    }

    /// <summary>Messages in the GenAI conventions' JSON form: role and text parts.</summary>
    public static string Messages(params (string Role, string Text)[] messages) =>
        JsonSerializer.Serialize(messages.Select(m => new Dictionary<string, object>
        {
            ["role"] = m.Role,
            ["parts"] = new[] { new Dictionary<string, string> { ["type"] = "text", ["content"] = m.Text } },
        }));

    /// <summary>The dated name a provider answers with.</summary>
    private static string ResponseModel(string model) => model switch
    {
        "gpt-4o" => "gpt-4o-2024-08-06",
        "gpt-4o-mini" => "gpt-4o-mini-2024-07-18",
        "claude-sonnet-4" => "claude-sonnet-4-20250514",
        "claude-3-5-haiku" => "claude-3-5-haiku-20241022",
        _ => model,
    };
}
