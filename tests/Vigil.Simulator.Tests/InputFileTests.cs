using Vigil.Core.Queries;
using Vigil.Simulator.Generation;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Tests.Faults;
using Vigil.Testing;

namespace Vigil.Simulator.Tests;

/// <summary>Prompt files become input pools, so an input shift is a real change of topic mix.</summary>
public sealed class InputFileTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-inputs-").FullName;

    [Fact]
    public void Load_CsvWithAQuotedMultilineField_AddsEachRowToItsCategoryPool()
    {
        var path = Path.Combine(_dir, "prompts.csv");
        File.WriteAllText(path, "act,prompt,type\nPoet,\"Write a poem,\nin two lines\",TEXT\nCoder,Write a sort in C#,STRUCTURED\n");

        var pools = new InputPools();
        var added = pools.Load(path);

        Assert.Equal(new Dictionary<string, int> { ["text"] = 1, ["structured"] = 1 }, added);
        Assert.Equal("Write a poem,\nin two lines", pools.Draw(new Random(1), "text"));
    }

    [Fact]
    public void Load_JsonlWithoutACategory_FailsNamingTheLine()
    {
        var path = Path.Combine(_dir, "q.jsonl");
        File.WriteAllText(path, "{\"category\":\"math\",\"turns\":[\"1+1?\"]}\n{\"turns\":[\"no category\"]}\n");

        var ex = Assert.Throws<InvalidDataException>(() => new InputPools().Load(path).Count);
        Assert.Contains("q.jsonl:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAnInputShiftToAPoolNoFileProvides_FailsBeforeSendingAnything()
    {
        await using var vigil = await SimulatedVigil.StartAsync(Monday);
        var scenario = new Scenario
        {
            Name = "missing-pool", Start = Monday, Duration = TimeSpan.FromMinutes(10),
            Faults = [new FaultSpec("input_shift", TimeSpan.FromMinutes(5), null, new Dictionary<string, string> { ["feature"] = "summarize", ["pool"] = "math" })],
        };

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => vigil.RunAsync(scenario));
        Assert.Contains("'math' is not an input pool", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task InputShift_ToACategoryOfMtBench_PutsThoseRealQuestionsInFrontOfTheFeature()
    {
        var file = SharedData.PathOf("prompts/mt-bench/question.jsonl");
        await using var vigil = await SimulatedVigil.StartAsync(Monday);
        var scenario = new Scenario
        {
            Name = "shift-to-math", Start = Monday, Duration = TimeSpan.FromMinutes(30), RequestsPerMinute = 20, Seed = 5,
            Faults = [new FaultSpec("input_shift", TimeSpan.FromMinutes(15), null, new Dictionary<string, string> { ["feature"] = "support-chat", ["pool"] = "math", ["share"] = "1" })],
        };

        await vigil.RunAsync(scenario, new SimulationOptions { InputFiles = [file] });

        var before = await vigil.Store.SupportAnswersAsync(new TimeRange(Monday, Monday.AddMinutes(15)));
        var after = await vigil.Store.SupportAnswersAsync(new TimeRange(Monday.AddMinutes(15), Monday.AddMinutes(30)));
        Assert.All(before.Where(a => !a.CacheHit), a => Assert.False(a.OffTopic, a.Question));
        var questions = after.Where(a => !a.CacheHit).Select(a => a.Question).ToList();
        Assert.True(questions.Count > 100, $"{questions.Count} answers after the shift");
        var mathQuestions = File.ReadLines(file)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("category").GetString() == "math")
            .Select(e => e.GetProperty("turns")[0].GetString())
            .ToHashSet();
        Assert.All(questions, q => Assert.Contains(q, mathQuestions));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
