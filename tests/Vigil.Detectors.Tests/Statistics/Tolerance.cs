using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Detectors.Tests.Statistics;

/// <summary>A tolerance as stats_cases.json states it ("rtol 1e-7", "atol 1e-14 (as in source)", "abs 1e-5", "rel 1e-9"); 1e-6 relative when none is stated.</summary>
public sealed partial record Tolerance(bool Relative, double Value)
{
    public static readonly Tolerance Default = new(true, 1e-6);

    public static Tolerance Parse(string? text)
    {
        if (text is null)
        {
            return Default;
        }

        var match = Pattern().Match(text);
        Assert.True(match.Success, $"unreadable tolerance '{text}'");
        var relative = match.Groups[1].Value is "rtol" or "rel";
        return new Tolerance(relative, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public void AssertClose(double expected, double actual, string what)
    {
        var error = Math.Abs(actual - expected);
        var allowed = Relative ? Value * Math.Abs(expected) : Value;
        Assert.True(error <= allowed || (expected == 0 && error <= Value),
            string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R} (error {error:E2}, allowed {(Relative ? "rel" : "abs")} {Value:E1})"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Relative ? "rel" : "abs")} {Value:G}");

    [GeneratedRegex(@"^\s*(rtol|rel|atol|abs)\s+([0-9.]+(?:[eE][+-]?[0-9]+)?)")]
    private static partial Regex Pattern();
}
