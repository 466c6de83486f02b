namespace Vigil.Core.Releases;

/// <summary>Why a release operation was refused; maps to 400, 404 and 409.</summary>
public enum ReleaseErrorKind
{
    Invalid,
    NotFound,
    Conflict,
}

public sealed record ReleaseError(ReleaseErrorKind Kind, IReadOnlyList<string> Messages)
{
    public ReleaseError(ReleaseErrorKind kind, string message)
        : this(kind, [message])
    {
    }
}

/// <summary>A release operation's result or the reason it was refused (errors as data).</summary>
public sealed record ReleaseOutcome<T>(T? Value, ReleaseError? Error)
{
    public bool Succeeded => Error is null;

#pragma warning disable CA1000 // the conversion from an error is what makes errors-as-data readable at the call site
    public static implicit operator ReleaseOutcome<T>(ReleaseError error) => new(default, error);

    public static ReleaseOutcome<T> Ok(T value) => new(value, null);
#pragma warning restore CA1000
}
