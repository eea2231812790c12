using Footy.Media;
using Footy.Scenarios;

namespace Footy.Cluster.Tests.Support;

/// <summary>
/// A generated match day of four or five overlapping fixtures (seed <see cref="Seed"/>), with synthetic clips for three of its
/// goals, rendered once per test class: enough fixtures that sharding places some on every node of a three-node cluster.
/// No goal is withdrawn before its confirmation, so an upstream outage of several polls cannot hide one.
/// </summary>
public sealed class MultiFixtureRecording : IAsyncLifetime
{
    public const int Seed = 11;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "footy-multi-fixture-recording-" + Guid.NewGuid().ToString("N")[..8]);

    public PlannedClips Planned { get; private set; } = null!;

    public DayScenario Day { get; } = RandomScenarios.Day(Seed, new RandomDayOptions
    {
        MinFixtures = 4, MaxFixtures = 5, MaxKickoffSpreadMinutes = 30, VarBeforeConfirmationChance = 0,
    });

    public async Task InitializeAsync()
    {
        var expected = Day.WriteRecordingWithExpected(Directory);
        Planned = ClipPlans.For(Day, expected, Seed, maxGoals: 3);
        Planned.Plan.Save(Directory);
        await Planned.Plan.RenderAsync(Directory, MediaToolsOptions.Default);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
