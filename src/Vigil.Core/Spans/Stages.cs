namespace Vigil.Core.Spans;

/// <summary>The stage vocabulary of the product brief.</summary>
public static class Stages
{
    public const string Retrieval = "retrieval";
    public const string Rerank = "rerank";
    public const string Generation = "generation";
    public const string Tool = "tool";
    public const string Agent = "agent";
    public const string Embedding = "embedding";
    public const string EndToEnd = "end_to_end";

    public static IReadOnlyList<string> All { get; } = [Retrieval, Rerank, Generation, Tool, Agent, Embedding, EndToEnd];

    public static bool IsKnown(string stage) => All.Contains(stage, StringComparer.Ordinal);

    /// <summary>The stage implied by a <c>gen_ai.operation.name</c>, or null when it implies none.</summary>
    public static string? FromOperation(string? operation) => operation switch
    {
        "chat" or "text_completion" or "generate_content" => Generation,
        "embeddings" => Embedding,
        "retrieval" => Retrieval,
        "rerank" => Rerank,
        "execute_tool" => Tool,
        "invoke_agent" or "create_agent" => Agent,
        _ => null,
    };
}
