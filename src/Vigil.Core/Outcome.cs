namespace Vigil.Core;

/// <summary>Why an operation was refused; the API maps the kinds to 400, 404 and 409.</summary>
public enum RefusalKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>A refusal and its reasons, each naming what to fix.</summary>
public sealed record Refusal(RefusalKind Kind, IReadOnlyList<string> Messages)
{
    public Refusal(RefusalKind kind, string message)
        : this(kind, [message])
    {
    }
}

/// <summary>An operation's result or the reason it was refused (errors as data), shared by the release and evaluation services.</summary>
public sealed record Outcome<T>(T? Value, Refusal? Error)
{
    public bool Succeeded => Error is null;

#pragma warning disable CA1000 // the conversion from a refusal is what makes errors-as-data readable at the call site
    public static implicit operator Outcome<T>(Refusal error) => new(default, error);

    public static Outcome<T> Ok(T value) => new(value, null);
#pragma warning restore CA1000
}
