using System.Buffers.Binary;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Vigil.Bench.Ingest;

/// <summary>
/// One export request serialised once, with the byte offsets of every span's trace id, span id,
/// start and end time. Each send copies the bytes and rewrites those fields in place, so that every
/// span sent is unique (fresh ids, current timestamps) without serialising anything on the hot path.
/// </summary>
internal sealed class BatchTemplate
{
    private readonly int[] _traceIds;
    private readonly int[] _spanIds;
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly long[] _durations;
    private readonly long[] _startOffsets;

    private BatchTemplate(ExportTraceServiceRequest request, byte[] bytes, int[] traceIds, int[] spanIds, int[] starts, int[] ends, long[] durations, long[] startOffsets)
    {
        Request = request;
        Bytes = bytes;
        _traceIds = traceIds;
        _spanIds = spanIds;
        _starts = starts;
        _ends = ends;
        _durations = durations;
        _startOffsets = startOffsets;
    }

    /// <summary>The request as built (its ids and times are the template's, not those sent).</summary>
    public ExportTraceServiceRequest Request { get; }

    public byte[] Bytes { get; }

    public int SpanCount => _traceIds.Length;

    public int Length => Bytes.Length;

    /// <summary>Serialises <paramref name="request"/> and finds each span's patchable fields (in field order, so one forward scan).</summary>
    public static BatchTemplate Create(ExportTraceServiceRequest request)
    {
        var bytes = request.ToByteArray();
        var spans = request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        var traceIds = new int[spans.Count];
        var spanIds = new int[spans.Count];
        var starts = new int[spans.Count];
        var ends = new int[spans.Count];
        var durations = new long[spans.Count];
        var startOffsets = new long[spans.Count];
        var baseStart = spans.Min(s => (long)s.StartTimeUnixNano);
        Span<byte> time = stackalloc byte[8];
        var at = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            at = traceIds[i] = Find(bytes, span.TraceId.Span, at);
            at = spanIds[i] = Find(bytes, span.SpanId.Span, at);
            BinaryPrimitives.WriteUInt64LittleEndian(time, span.StartTimeUnixNano);
            at = starts[i] = Find(bytes, time, at);
            BinaryPrimitives.WriteUInt64LittleEndian(time, span.EndTimeUnixNano);
            at = ends[i] = Find(bytes, time, at);
            durations[i] = (long)(span.EndTimeUnixNano - span.StartTimeUnixNano);
            startOffsets[i] = (long)span.StartTimeUnixNano - baseStart;
        }

        var template = new BatchTemplate(request, bytes, traceIds, spanIds, starts, ends, durations, startOffsets);
        template.SelfCheck();
        return template;
    }

    /// <summary>
    /// Writes the request into <paramref name="target"/> with span ids <paramref name="firstSeq"/>,
    /// <paramref name="firstSeq"/> + 1, … (trace id = run nonce ‖ sequence) and spans ending
    /// around <paramref name="nowNano"/>.
    /// </summary>
    public void WriteInto(byte[] target, long firstSeq, ulong runNonce, long nowNano)
    {
        Bytes.CopyTo(target, 0);
        var span = target.AsSpan();
        var latest = nowNano - 1_000_000_000L;
        for (var i = 0; i < _traceIds.Length; i++)
        {
            var seq = (ulong)(firstSeq + i);
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(_traceIds[i], 8), runNonce);
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(_traceIds[i] + 8, 8), seq);
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(_spanIds[i], 8), seq);
            var start = latest - _durations[i] + _startOffsets[i];
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(_starts[i], 8), (ulong)start);
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(_ends[i], 8), (ulong)(start + _durations[i]));
        }
    }

    private static int Find(byte[] bytes, ReadOnlySpan<byte> pattern, int from)
    {
        var index = bytes.AsSpan(from).IndexOf(pattern);
        if (index < 0)
        {
            throw new InvalidOperationException("a span field was not found in the serialised request");
        }

        return from + index;
    }

    /// <summary>Patches a copy and parses it back: every span must carry exactly the ids and times written.</summary>
    private void SelfCheck()
    {
        var copy = new byte[Length];
        const ulong nonce = 0x0123456789abcdef;
        const long now = 1_800_000_000_000_000_000;
        WriteInto(copy, 1000, nonce, now);
        var parsed = ExportTraceServiceRequest.Parser.ParseFrom(copy);
        var spans = parsed.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        for (var i = 0; i < spans.Count; i++)
        {
            var s = spans[i];
            var ok = BinaryPrimitives.ReadUInt64BigEndian(s.TraceId.Span) == nonce
                && BinaryPrimitives.ReadUInt64BigEndian(s.TraceId.Span[8..]) == (ulong)(1000 + i)
                && BinaryPrimitives.ReadUInt64BigEndian(s.SpanId.Span) == (ulong)(1000 + i)
                && (long)(s.EndTimeUnixNano - s.StartTimeUnixNano) == _durations[i];
            if (!ok)
            {
                throw new InvalidOperationException($"template self-check failed at span {i}");
            }
        }
    }
}
