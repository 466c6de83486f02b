using System.Globalization;

namespace Vigil.Ingest.Otlp;

/// <summary>Where a span sits in an export request, written as its JSON path: <c>resourceSpans[0].scopeSpans[1].spans[3]</c>.</summary>
internal readonly record struct SpanPath(int Resource, int Scope, int Span)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"resourceSpans[{Resource}].scopeSpans[{Scope}].spans[{Span}]");
}
