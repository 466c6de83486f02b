using System.Buffers;
using System.IO.Compression;

namespace Vigil.Server.Otlp;

/// <summary>The encodings of an OTLP/HTTP body.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}

/// <summary>
/// Reads an OTLP/HTTP request body: checks the content type (415), decompresses gzip or deflate,
/// and enforces the body limit both on the wire and after decompression (413), so that a small
/// compressed bomb cannot exhaust memory.
/// </summary>
internal static class OtlpBody
{
    public static bool TryGetEncoding(HttpRequest request, out OtlpEncoding encoding)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim();
        switch (mediaType?.ToLowerInvariant())
        {
            case "application/x-protobuf" or "application/protobuf":
                encoding = OtlpEncoding.Protobuf;
                return true;
            case "application/json":
                encoding = OtlpEncoding.Json;
                return true;
            default:
                encoding = default;
                return false;
        }
    }

    public static async Task<BodyRead> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return BodyRead.TooLarge($"request body of {request.ContentLength} bytes exceeds the limit of {maxBytes} bytes (ingest.maxBodyBytes)");
        }

        var contentEncoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream source = request.Body;
        switch (contentEncoding)
        {
            case "" or "identity":
                break;
            case "gzip":
                source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                source = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return BodyRead.Unsupported($"Content-Encoding '{contentEncoding}' is not supported (use gzip, deflate or none)");
        }

        await using (source.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength.Value : 64 * 1024);
            try
            {
                while (true)
                {
                    var memory = buffer.GetMemory(16 * 1024);
                    var read = await source.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    buffer.Advance(read);
                    if (buffer.WrittenCount > maxBytes)
                    {
                        return BodyRead.TooLarge($"request body exceeds the limit of {maxBytes} bytes (ingest.maxBodyBytes) after decompression");
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                return BodyRead.Invalid($"body is not valid {contentEncoding}: {ex.Message}");
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return BodyRead.TooLarge($"request body exceeds the limit of {maxBytes} bytes (ingest.maxBodyBytes)");
            }

            return new BodyRead(buffer.WrittenMemory, StatusCodes.Status200OK, null);
        }
    }
}

/// <summary>A body read: the bytes, or the status and message of why it could not be read.</summary>
internal sealed record BodyRead(ReadOnlyMemory<byte> Bytes, int Status, string? Error)
{
    public bool Ok => Error is null;

    public static BodyRead TooLarge(string message) => new(default, StatusCodes.Status413PayloadTooLarge, message);

    public static BodyRead Unsupported(string message) => new(default, StatusCodes.Status415UnsupportedMediaType, message);

    public static BodyRead Invalid(string message) => new(default, StatusCodes.Status400BadRequest, message);
}
