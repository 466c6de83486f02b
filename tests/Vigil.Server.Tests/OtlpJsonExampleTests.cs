using System.Net;
using Vigil.Core.Queries;
using Vigil.Testing;

namespace Vigil.Server.Tests;

public sealed class OtlpJsonExampleTests
{
    [SharedDataFact]
    public async Task Post_OfficialTraceExampleJson_IsAcceptedAndStored()
    {
        await using var server = await RunningServer.StartAsync();
        var json = await File.ReadAllTextAsync(SharedData.PathOf("otlp/trace.example.json"));
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        var trace = await server.GetJsonAsync<TraceDetail>(server.Http, "/api/v1/traces/5b8efff798038103d269b633813fc60c");
        var span = Assert.Single(trace.Roots).Span;
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanId);
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal("my.service", span.Service);
        Assert.Equal("my.service", span.Feature);
        Assert.Equal(1000.0, span.DurationMs, 3);
        Assert.Equal("some value", span.Attributes["my.span.attr"]);
    }
}
