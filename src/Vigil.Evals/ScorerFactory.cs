using Vigil.Evals.Internal;
using Vigil.Evals.Scorers;

namespace Vigil.Evals;

/// <summary>
/// Creates scorers by name from configuration options (YARP-style strategies chosen by name). Options
/// may be CLR values, strings or <see cref="System.Text.Json.JsonElement"/>s. Every problem — an unknown
/// scorer, a missing or malformed option, an option the scorer does not know — is collected and thrown
/// together as one <see cref="ScorerOptionsException"/> whose <see cref="ScorerOptionsException.Problems"/>
/// name their options.
/// </summary>
public static class ScorerFactory
{
    private static readonly Dictionary<string, Func<OptionReader, IScorer?>> Creators = new(StringComparer.Ordinal)
    {
        [JsonSchemaScorer.ScorerName] = JsonSchemaScorer.Create,
        [CitationAccuracyScorer.ScorerName] = CitationAccuracyScorer.Create,
        [GroundednessScorer.ScorerName] = GroundednessScorer.Create,
        [SimilarityScorer.ScorerName] = options => SimilarityScorer.Create(options, () => MiniLmEmbedder.Shared),
        [ExactScorer.ScorerName] = ExactScorer.Create,
        [ContainsScorer.ScorerName] = ContainsScorer.Create,
        [RegexScorer.ScorerName] = RegexScorer.Create,
        [RefusalScorer.ScorerName] = RefusalScorer.Create,
        [CostScorer.ScorerName] = CostScorer.Create,
        [LatencyScorer.ScorerName] = LatencyScorer.Create,
        [LlmJudgeScorer.ScorerName] = LlmJudgeScorer.Create,
    };

    /// <summary>The names <see cref="Create(string, IReadOnlyDictionary{string, object})"/> knows, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Creators.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The scorer called <paramref name="name"/>, configured by <paramref name="options"/>.</summary>
    /// <exception cref="ScorerOptionsException">The name is unknown or an option is missing, unknown or invalid.</exception>
    public static IScorer Create(string name, IReadOnlyDictionary<string, object?> options)
    {
        if (!Creators.TryGetValue(name, out var create))
        {
            throw new ScorerOptionsException(name, [new OptionProblem("name", $"unknown scorer '{name}' (known: {string.Join(", ", Names)})")]);
        }

        var reader = new OptionReader(name, options);
        var scorer = create(reader);
        reader.RejectUnknown();
        if (reader.Problems.Count > 0 || scorer is null)
        {
            throw new ScorerOptionsException(name, reader.Problems.Count > 0 ? reader.Problems : [new OptionProblem("name", "could not be created")]);
        }

        return scorer;
    }

    /// <summary>The scorer called <paramref name="name"/> with its default options.</summary>
    public static IScorer Create(string name) => Create(name, new Dictionary<string, object?>(StringComparer.Ordinal));
}
