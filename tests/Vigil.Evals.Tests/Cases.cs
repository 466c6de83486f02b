
namespace Vigil.Evals.Tests;

/// <summary>Hand-made cases and options for the scorer tests.</summary>
internal static class Cases
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static ScoringInput Answer(string output, string? expected = null, params ContextDocument[] context) =>
        new() { Input = "question", Output = output, Expected = expected, Context = context };

    public static Dictionary<string, object?> Options(params (string Key, object? Value)[] options) =>
        options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);

    public static IScorer Scorer(string name, params (string Key, object? Value)[] options) => ScorerFactory.Create(name, Options(options));

    public static async Task<Score> ScoreAsync(this IScorer scorer, ScoringInput input) =>
        await scorer.ScoreAsync(input, CancellationToken.None).AsTask().WaitAsync(Timeout);

    public static Task<Score> ScoreAsync(string name, ScoringInput input, params (string Key, object? Value)[] options) =>
        Scorer(name, options).ScoreAsync(input);
}
