using System.Diagnostics;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.ReadModel;
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

        var summary = (await ReplayRunner.RunAsync(Summaries.Recording(recording), options, new ReplaySettings(), TestLogging.For(output))).Summary;
        output.WriteLine($"replay {wall.Elapsed.TotalSeconds:0.0}s: {summary.Fixtures.Count} fixtures, {summary.Goals.Count} goals, {summary.Goals.Sum(g => g.Clips.Count)} clips");

        var expected = PublishedFacts.Of(summary);
        await using var live = ReadModelServices.CreateStore(options);
        var projected = await PublishedFacts.OfAsync(live);
        Assert.Equal(expected.Fixtures, projected.Fixtures);
        Assert.Equal(expected.Goals, projected.Goals);

        var rebuilt = await RebuildAsync(options, "rebuilt.db");
        Assert.Equal(await Snapshot(live), await Snapshot(rebuilt.Store));
        Assert.Equal(await live.PositionsAsync(), await rebuilt.Store.PositionsAsync());
        output.WriteLine($"rebuild applied {rebuilt.Applied} events; total {wall.Elapsed.TotalSeconds:0.0}s");
        await rebuilt.Store.DisposeAsync();
    }

    /// <summary>The whole journal projected into another SQLite file of the same data directory.</summary>
    private static async Task<(IReadModelStore Store, long Applied)> RebuildAsync(FootyOptions options, string file)
    {
        var again = JournalBackends.SameJournal(options);
        again.ReadModel.ConnectionString = $"Data Source={Path.Combine(options.DataDirectory, file)}";
        var store = ReadModelServices.CreateStore(again);
        var system = ReadModelRebuild.JournalReader(again);
        try
        {
            return (store, await ReadModelRebuild.RebuildAsync(system, store, again.Polling.GracePolls, CancellationToken.None));
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Every stored document, published or not, as text: two read models are the same when these are.</summary>
    public static async Task<string> Snapshot(IReadModelStore store)
    {
        var days = await store.DaysAsync();
        var fixtures = new List<PublishedFixture>();
        foreach (var day in days) fixtures.AddRange(await store.FixturesOnAsync(day));
        var goalIds = fixtures.SelectMany(f => f.Goals).Select(g => g.Id).ToList();
        var documents = await store.LoadAsync(fixtures.Select(f => f.Id).ToList(), goalIds);
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            Fixtures = documents.Fixtures.Values.OrderBy(f => f.Id),
            Goals = documents.Goals.Values.OrderBy(g => g.Id, StringComparer.Ordinal),
            Counts = (await store.CountsAsync()).GoalsByState.OrderBy(kv => kv.Key),
        });
    }
}
