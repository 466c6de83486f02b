namespace Vigil.Core.Slos;

/// <summary>What one span or evaluation is to an SLI.</summary>
public enum SliOutcome
{
    /// <summary>Not an event of this SLI.</summary>
    NotCounted,
    Good,
    Bad,
}
