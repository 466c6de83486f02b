using Vigil.Core.Ports;

namespace Vigil.Server.Auth;

/// <summary>Who made a change, as audit logs and stored runs name them.</summary>
internal static class Actors
{
    /// <summary>The caller's API key's name and id, or "anonymous (loopback)".</summary>
    public static async Task<string> OfAsync(HttpContext context, IControlStateStore control)
    {
        var caller = Caller.Of(context);
        if (caller.KeyId is null)
        {
            return "anonymous (loopback)";
        }

        var keys = await control.ListApiKeysAsync(caller.ProjectId, context.RequestAborted);
        return keys.FirstOrDefault(k => k.Id == caller.KeyId) is { } key ? $"{key.Name} ({key.Id})" : caller.KeyId;
    }
}
