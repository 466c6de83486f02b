using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Vigil.Core.Queries;

namespace Vigil.Server.Api;

/// <summary>
/// Writes a <see cref="StatsResult"/> as the API's JSON: byte for byte what <see cref="JsonSerializer"/>
/// writes with <see cref="ApiJson"/>'s conventions (a test holds the two equal), about three times
/// faster. A month of hourly points per feature is ~5,800 points and 2.4 MB, and most of the
/// serialiser's time went into formatting six quantiles a point; those are sketch bucket values, a
/// few hundred distinct ones in an answer, so each is formatted once here. The body goes to the
/// response in flushes of about <see cref="FlushBytes"/>.
/// </summary>
internal static class StatsJson
{
    public const int FlushBytes = 1 << 20;

    /// <summary>The endpoint's result: 200, <c>application/json; charset=utf-8</c>, the body written by <see cref="WriteAsync"/>.</summary>
    public static IResult Ok(StatsResult result) => new StatsJsonResult(result);

    public static async Task WriteAsync(PipeWriter body, StatsResult result, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var quantiles = new Dictionary<double, byte[]>();
        long flushedAt = 0;
        using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
        json.WriteStartObject();
        json.WriteStartObject("range"u8);
        json.WriteString("from"u8, result.Range.From);
        json.WriteString("to"u8, result.Range.To);
        WriteTimeSpan(json, "length"u8, result.Range.Length);
        json.WriteEndObject();
        WriteTimeSpan(json, "step"u8, result.Step);
        if (Enum.IsDefined(result.GroupBy))
        {
            json.WriteString("groupBy"u8, JsonNamingPolicy.SnakeCaseLower.ConvertName(result.GroupBy.ToString()));
        }
        else
        {
            json.WriteNumber("groupBy"u8, (int)result.GroupBy);
        }

        json.WriteStartArray("series"u8);
        foreach (var series in result.Series)
        {
            json.WriteStartObject();
            if (series.Group is not null)
            {
                json.WriteString("group"u8, series.Group);
            }

            json.WriteStartArray("points"u8);
            foreach (var point in series.Points)
            {
                WritePoint(json, point, quantiles);
                if (json.BytesCommitted + json.BytesPending - flushedAt >= FlushBytes)
                {
                    await json.FlushAsync(cancellationToken);
                    await body.FlushAsync(cancellationToken);
                    flushedAt = json.BytesCommitted;
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static void WritePoint(Utf8JsonWriter json, StatsPoint point, Dictionary<double, byte[]> quantiles)
    {
        json.WriteStartObject();
        json.WriteString("time"u8, point.Time);
        json.WriteNumber("count"u8, point.Count);
        json.WriteNumber("errors"u8, point.Errors);
        json.WriteNumber("errorRatio"u8, point.ErrorRatio);
        json.WriteNumber("inputTokens"u8, point.InputTokens);
        json.WriteNumber("outputTokens"u8, point.OutputTokens);
        json.WriteNumber("cacheReadTokens"u8, point.CacheReadTokens);
        json.WriteNumber("costSum"u8, point.CostSum);
        json.WriteNumber("pricedCalls"u8, point.PricedCalls);
        json.WriteNumber("unpricedCalls"u8, point.UnpricedCalls);
        WriteQuantile(json, "costP50"u8, point.CostP50, quantiles);
        WriteQuantile(json, "costP95"u8, point.CostP95, quantiles);
        WriteQuantile(json, "costP99"u8, point.CostP99, quantiles);
        WriteQuantile(json, "latencyP50Ms"u8, point.LatencyP50Ms, quantiles);
        WriteQuantile(json, "latencyP95Ms"u8, point.LatencyP95Ms, quantiles);
        WriteQuantile(json, "latencyP99Ms"u8, point.LatencyP99Ms, quantiles);
        json.WriteEndObject();
    }

    /// <summary>A quantile (null: omitted), its text formatted once per answer by <see cref="Utf8JsonWriter"/> itself.</summary>
    private static void WriteQuantile(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value, Dictionary<double, byte[]> formatted)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!formatted.TryGetValue(v, out var text))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
            using (var number = new Utf8JsonWriter(buffer))
            {
                number.WriteNumberValue(v);
            }

            formatted[v] = text = buffer.WrittenSpan.ToArray();
        }

        json.WritePropertyName(name);
        json.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>As System.Text.Json writes a <see cref="TimeSpan"/>: the constant ("c") format.</summary>
    private static void WriteTimeSpan(Utf8JsonWriter json, ReadOnlySpan<byte> name, TimeSpan value)
    {
        Span<byte> text = stackalloc byte[32];
        if (!value.TryFormat(text, out var length, "c", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"the time span {value} does not fit its buffer");
        }

        json.WriteString(name, text[..length]);
    }

    private sealed class StatsJsonResult(StatsResult result) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var options = httpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? ApiJson.Options;
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return WriteAsync(httpContext.Response.BodyWriter, result, options, httpContext.RequestAborted);
        }
    }
}
