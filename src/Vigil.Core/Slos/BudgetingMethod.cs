namespace Vigil.Core.Slos;

/// <summary>How an SLO counts its budget (OpenSLO's <c>budgetingMethod</c>).</summary>
public enum BudgetingMethod
{
    /// <summary>Good events over all events.</summary>
    Occurrences,

    /// <summary>Good slices over all slices; a slice is good when its ratio reaches the slice target.</summary>
    Timeslices,

    /// <summary>The mean of the slices' ratios.</summary>
    RatioTimeslices,
}
