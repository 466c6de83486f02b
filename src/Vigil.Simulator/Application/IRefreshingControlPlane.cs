namespace Vigil.Simulator.Application;

/// <summary>
/// A control plane whose state lives outside the simulator and can change without it (an operator's
/// rollback in Vigil). The runner calls <see cref="RefreshAsync"/> at the start of every simulated
/// minute, so such a change reaches the application within a minute of simulated time.
/// </summary>
public interface IRefreshingControlPlane : IControlPlane
{
    /// <summary>Reads the outside state again; <see cref="IControlPlane.Controls"/> answers from it afterwards.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
