namespace Vigil.Core.Projects;

/// <summary>Project identifiers: lower-case letters, digits, '-' and '_', 1–64 characters.</summary>
public static class ProjectIds
{
    public const string Default = "default";

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 &&
        id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
