using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Scenarios;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// Generated match days (overlapping fixtures, VAR removals before and after confirmation, scorer and minute
/// corrections, unknown scorers, extra time, shoot-outs, upstream faults) replayed through the daemon and
/// compared with the outcome the scenario's own timeline implies.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RandomMatchdayTests(JournalBackends backends, ITestOutputHelper output)
{
    public static TheoryData<int, Backend> Seeds() => new()
    {
        { 1, Backend.Sqlite }, { 2, Backend.Sqlite }, { 3, Backend.Sqlite }, { 4, Backend.Sqlite },
        { 5, Backend.Sqlite }, { 6, Backend.Sqlite }, { 7, Backend.PostgreSql }, { 8, Backend.PostgreSql },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_day_replays_to_the_outcome_its_timeline_implies(int seed, Backend backend)
    {
        var recordingDirectory = Path.Combine(Path.GetTempPath(), $"footy-random-day-{seed}-{Guid.NewGuid():N}");
        try
        {
            var expected = RandomScenarios.Day(seed).WriteRecordingWithExpected(recordingDirectory);
            var options = await backends.OptionsFor(backend);

            var outcome = await ReplayRunner.RunAsync(recordingDirectory, options, new ReplaySettings(), TestLogging.For(output));
            var summary = outcome.Summary;
            ReplayTimingTests.AssertEveryPollTimed(outcome.Timing, RandomScenarios.Day(seed).PollCount);

            var differences = expected.Diff(ExpectedOutcome.Parse(summary.ToJson()));
            Assert.True(differences.Count == 0, $"seed {seed}:\n" + string.Join("\n", differences));
            Assert.Equal(summary.Goals.Count, summary.Goals.Select(g => g.Id).Distinct().Count());
        }
        finally
        {
            Directory.Delete(recordingDirectory, recursive: true);
        }
    }
}
