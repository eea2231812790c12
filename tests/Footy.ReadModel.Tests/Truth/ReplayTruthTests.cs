using System.Diagnostics;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.ReadModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>
/// Each bundled recording replayed through the whole daemon: the read model its live projection wrote equals the replay's
/// summary (fixtures, goals with their states, clips), and a rebuild from the journal gives the same read model.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ReplayTruthTests(JournalBackends backends, ITestOutputHelper output)
{
    [Theory]
    [InlineData("world-cup-final-2022")]
    [InlineData("saturday-overlap")]
    public async Task After_a_replay_the_read_model_equals_its_summary_and_a_rebuild_gives_the_same_read_model(string recording)
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        var wall = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;

        var summary = (await ReplayRunner.RunAsync(Summaries.Recording(recording), options, new ReplaySettings(), TestLogging.For(output))).Summary;
        output.WriteLine($"replay {wall.Elapsed.TotalSeconds:0.0}s: {summary.Fixtures.Count} fixtures, {summary.Goals.Count} goals, {summary.Goals.Sum(g => g.Clips.Count)} clips");

        var expected = PublishedFacts.Of(summary);
        await using var live = ReadModelServices.CreateStore(options);
        var projected = await PublishedFacts.OfAsync(live);
        Assert.Equal(expected.Fixtures, projected.Fixtures);
        Assert.Equal(expected.Goals, projected.Goals);

        var rebuilt = await ReadModels.RebuildAsync(options, "rebuilt.db");
        Assert.Equal(await ReadModels.Snapshot(live), await ReadModels.Snapshot(rebuilt.Store));
        var positions = await live.PositionsAsync();
        Assert.Equal(positions, await rebuilt.Store.PositionsAsync());
        // The journal's write times read back as the real time of the writes (the lag in seconds is measured from them).
        Assert.All(positions, p => Assert.InRange(p.EventWrittenAt, started.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
        output.WriteLine($"rebuild applied {rebuilt.Applied} events; total {wall.Elapsed.TotalSeconds:0.0}s");
        await AssertLagAsync(options, rebuilt.Store, rebuilt.Applied);
        await rebuilt.Store.DisposeAsync();
    }

    /// <summary>The lag and its readiness check: nothing behind once rebuilt; the whole journal behind for an empty store.</summary>
    private static async Task AssertLagAsync(FootyOptions options, IReadModelStore rebuilt, long journalEvents)
    {
        var again = JournalBackends.SameJournal(options);
        again.ReadModel.ConnectionString = $"Data Source={Path.Combine(options.DataDirectory, "empty.db")}";
        await using var empty = ReadModelServices.CreateStore(again);
        var system = ReadModelRebuild.JournalReader(again);
        try
        {
            var limits = new ReadModelOptions { MaxLagEvents = 10, MaxLagSeconds = 3600 };
            var caughtUp = new ReadModelLag(system, rebuilt, TimeProvider.System);
            Assert.Equal(0, (await caughtUp.MeasureAsync(CancellationToken.None)).Events);
            Assert.Equal(HealthStatus.Healthy, (await new ReadModelLagCheck(caughtUp, new ReadModelReadiness(limits, TimeProvider.System)).CheckHealthAsync(new HealthCheckContext())).Status);

            var behind = new ReadModelLag(system, empty, TimeProvider.System);
            Assert.Equal(Math.Min(journalEvents, ReadModelLag.CountLimit), (await behind.MeasureAsync(CancellationToken.None)).Events);
            Assert.Equal(HealthStatus.Unhealthy, (await new ReadModelLagCheck(behind, new ReadModelReadiness(limits, TimeProvider.System)).CheckHealthAsync(new HealthCheckContext())).Status);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
