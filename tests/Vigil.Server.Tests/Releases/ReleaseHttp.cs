using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Server.Api;

namespace Vigil.Server.Tests.Releases;

/// <summary>Release request bodies and calls for the API tests.</summary>
internal static class ReleaseHttp
{
    /// <summary>A release body; <paramref name="index"/> is "name@version" or null for a feature without retrieval.</summary>
    public static object Body(
        string provider, string model, string promptVersion, string template, string? index, string routingVersion,
        bool activate = false, string? reason = null, string? fallback = null) => new
        {
            description = $"{model} with prompt {promptVersion}",
            model = new { provider, model, parameters = new Dictionary<string, object> { ["temperature"] = 0.2, ["max_tokens"] = "512" } },
            prompt = new { version = promptVersion, template },
            index = index is null ? null : new { name = index.Split('@')[0], version = index.Split('@')[1] },
            routing = new
            {
                version = routingVersion,
                primaries = new[] { new { provider, model, weight = 1.0 } },
                fallbacks = fallback is null ? [] : new[] { new { provider = fallback.Split('/')[0], model = fallback.Split('/')[1], weight = 1.0 } },
            },
            activate,
            reason,
        };

    /// <summary>r1 of chat: openai/gpt-4o, prompt v1, index docs@1, routing v1 (with a fallback).</summary>
    public static object First(bool activate = true) =>
        Body("openai", "gpt-4o", "v1", "Hello {{name}}", "docs@1", "v1", activate, activate ? "first release" : null, fallback: "azure/gpt-4o");

    /// <summary>r2 of chat: every axis differs from <see cref="First"/>.</summary>
    public static object Second(bool activate = false) =>
        Body("anthropic", "claude-sonnet-4", "v2", "Hi {{name}}, about {{topic}}", "docs@2", "v2", activate, activate ? "second release" : null);

    public static async Task<T> SendAsync<T>(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync(url, body, ApiJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return JsonSerializer.Deserialize<T>(text, ApiJson.Options)!;
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, ApiJson.Options)!;
    }

    /// <summary>A problem document's status and its <c>errors</c> (field → messages; empty when it has none) and detail.</summary>
    public static async Task<(HttpStatusCode Status, Dictionary<string, string[]> Errors, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var errors = doc.RootElement.TryGetProperty("errors", out var e)
            ? e.Deserialize<Dictionary<string, string[]>>()!
            : [];
        var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        return (response.StatusCode, errors, detail);
    }

    public static async Task<(HttpStatusCode Status, Dictionary<string, string[]> Errors, string Detail)> PostProblemAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body, ApiJson.Options);
        return await ProblemAsync(response);
    }

    public static async Task<(HttpStatusCode Status, Dictionary<string, string[]> Errors, string Detail)> PostRawAsync(HttpClient client, string url, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(url, content);
        return await ProblemAsync(response);
    }

    public static async Task<(HttpStatusCode Status, Dictionary<string, string[]> Errors, string Detail)> GetProblemAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await ProblemAsync(response);
    }
}
