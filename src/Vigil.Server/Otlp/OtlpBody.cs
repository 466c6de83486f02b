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
            var initial = request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength.Value + 1 : 64 * 1024;
            var buffer = ArrayPool<byte>.Shared.Rent(initial);
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return BodyRead.TooLarge($"request body exceeds the limit of {maxBytes} bytes (ingest.maxBodyBytes) after decompression");
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return BodyRead.Invalid($"body is not valid {contentEncoding}: {ex.Message}");
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return BodyRead.TooLarge($"request body exceeds the limit of {maxBytes} bytes (ingest.maxBodyBytes)");
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            return new BodyRead(buffer, length, StatusCodes.Status200OK, null);
        }
    }
}

/// <summary>
/// A body read into a pooled buffer (returned on dispose), or the status and message of why it
/// could not be read. Pooling keeps large bodies from churning the large-object heap under load.
/// </summary>
internal sealed class BodyRead(byte[]? buffer, int length, int status, string? error) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Bytes => _buffer is null ? default : _buffer.AsMemory(0, length);

    public int Status { get; } = status;

    public string? Error { get; } = error;

    public bool Ok => Error is null;

    public static BodyRead TooLarge(string message) => new(null, 0, StatusCodes.Status413PayloadTooLarge, message);

    public static BodyRead Unsupported(string message) => new(null, 0, StatusCodes.Status415UnsupportedMediaType, message);

    public static BodyRead Invalid(string message) => new(null, 0, StatusCodes.Status400BadRequest, message);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
