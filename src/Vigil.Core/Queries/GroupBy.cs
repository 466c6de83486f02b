namespace Vigil.Core.Queries;

/// <summary>The dimension a stats query splits its series by.</summary>
public enum GroupBy
{
    None = 0,
    Feature,
    Team,
    Model,
    Provider,
    Release,
    Stage,
}
