
namespace Vigil.Evals.Tests;

public sealed class ScoreTests
{
    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Score_ValueOutsideZeroToOne_IsRejected(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Score.Pass(value, "x"));

    [Fact]
    public void Score_AgainstThreshold_PassesAtTheThreshold()
    {
        Assert.True(Score.AgainstThreshold(0.5, 0.5, "x").Passed);
        Assert.False(Score.AgainstThreshold(0.49, 0.5, "x").Passed);
    }
}
