namespace Vigil.Detectors.Drift;

/// <summary>What a column holds, which decides its default drift test.</summary>
public enum ColumnKind
{
    /// <summary>Every value is a number and there are more than two distinct values.</summary>
    Numeric,

    /// <summary>Text values from a small set (model, finish reason, language, topic cluster, tool name).</summary>
    Categorical,

    /// <summary>At most two distinct values, numbers or not.</summary>
    Binary,

    /// <summary>Free text (prompts, answers): many distinct values; compared through sentence embeddings.</summary>
    Text,
}
