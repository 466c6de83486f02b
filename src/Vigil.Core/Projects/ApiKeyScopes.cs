namespace Vigil.Core.Projects;

/// <summary>How scopes combine.</summary>
public static class ApiKeyScopes
{
    /// <summary>Whether holding <paramref name="held"/> grants <paramref name="wanted"/>: admin grants everything.</summary>
    public static bool Grants(this ApiKeyScope held, ApiKeyScope wanted) =>
        (held & ApiKeyScope.Admin) != 0 || (held & wanted) == wanted;
}
