namespace Vigil.Evals;

/// <summary>
/// The judge endpoint of an <c>llm_judge</c> scorer could not be asked: it refused the connection,
/// answered with an HTTP error, or did not answer in time. (A judge that answers, but not with the
/// JSON asked for, is a failed <see cref="Score"/> instead.)
/// </summary>
public sealed class LlmJudgeException : Exception
{
    public LlmJudgeException()
    {
    }

    public LlmJudgeException(string message)
        : base(message)
    {
    }

    public LlmJudgeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlmJudgeException(string message, int? httpStatus, Exception? innerException)
        : base(message, innerException)
    {
        HttpStatus = httpStatus;
    }

    /// <summary>The HTTP status the judge answered with; null for connection failures and time-outs.</summary>
    public int? HttpStatus { get; }
}
