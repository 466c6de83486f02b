namespace Vigil.Core.Pricing;

/// <summary>Canonical model names: "openai/gpt-4o-2024-08-06" → "gpt-4o".</summary>
public static class ModelNames
{
    public static string Canonical(string model) => throw new NotImplementedException();
}
