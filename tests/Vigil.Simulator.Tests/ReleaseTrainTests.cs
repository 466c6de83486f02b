using Vigil.Simulator.Application;

namespace Vigil.Simulator.Tests;

public sealed class ReleaseTrainTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deploys_OverAWeek_ReviseEachFeaturesPromptEveryThreeDays_StaggeredByFeature()
    {
        var deploys = ReleaseTrain.Deploys(Start, Start, Start.AddDays(7)).ToList();

        Assert.Equal(8, deploys.Count);
        Assert.Equal([30.0, 102.0], deploys.Where(d => d.Feature == "support-chat").Select(d => (d.At - Start).TotalHours));
        Assert.Equal([81.0, 153.0], deploys.Where(d => d.Feature == "research-agent").Select(d => (d.At - Start).TotalHours));
        var revised = deploys[0].Change(InitialReleases.All[0]);
        Assert.Equal("support-chat-r2", revised.Id);
        Assert.Equal("p4", revised.Prompt.Version);
        Assert.Equal(InitialReleases.All[0].Prompt with { Version = "p4" }, revised.Prompt);
    }

    [Fact]
    public void Deploys_AskedMinuteByMinute_AreTheSameAsAskedForTheWholeWeek()
    {
        var whole = ReleaseTrain.Deploys(Start, Start, Start.AddDays(7)).Select(d => (d.At, d.Feature)).ToList();
        var byMinute = Enumerable.Range(0, 7 * 24 * 60)
            .SelectMany(m => ReleaseTrain.Deploys(Start, Start.AddMinutes(m), Start.AddMinutes(m + 1)))
            .Select(d => (d.At, d.Feature))
            .ToList();

        Assert.Equal(whole.OrderBy(d => d.At), byMinute);
    }
}
