using Footy.Daemon.Replay;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// Stopping the daemon at any point of a replay and starting it again on the same journal ends in the same
/// summary as an uninterrupted run.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RestartTests(JournalBackends backends, ITestOutputHelper output)
{
    private const string RecordingName = "world-cup-final-2022";

    [Theory]
    [InlineData(Backend.Sqlite, 20231)]
    [InlineData(Backend.PostgreSql, 777)]
    public async Task Stopping_and_restarting_at_random_polls_ends_in_the_uninterrupted_summary(Backend backend, int seed)
    {
        var directory = Summaries.Recording(RecordingName);
        var recording = Recording.Load(directory);
        var logger = TestLogging.For(output);

        var uninterrupted = (await ReplayRunner.RunAsync(directory, await backends.OptionsFor(backend), new ReplaySettings(), logger)).Summary;

        var options = await backends.OptionsFor(backend);
        var random = new Random(seed);
        var stops = Enumerable.Range(0, 3).Select(_ => random.Next(2, recording.PollCount)).Order().Distinct().ToList();
        foreach (var stopAt in stops)
        {
            output.WriteLine($"stopping at poll {stopAt}");
            using var stop = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReplayRunner.RunAsync(
                directory, JournalBackends.SameJournal(options), new ReplaySettings(), logger,
                tick => { if (tick.Poll >= stopAt) stop.Cancel(); }, stop.Token));
        }
        var resumed = (await ReplayRunner.RunAsync(directory, JournalBackends.SameJournal(options), new ReplaySettings(), logger)).Summary;

        Assert.Equal(Summaries.Normalize(uninterrupted).Fixtures, Summaries.Normalize(resumed).Fixtures);
        Assert.Equal(Summaries.Normalize(uninterrupted).Goals, Summaries.Normalize(resumed).Goals);
        Assert.Equal(uninterrupted.Goals.Select(g => g.Id), resumed.Goals.Select(g => g.Id));
    }
}
