using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Tests.Infrastructure;
using Footy.ReadModel;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>Read models of a replay's data directory: rebuilt from its journal, and compared whole.</summary>
public static class ReadModels
{
    /// <summary>The whole journal projected into another SQLite file of the same data directory.</summary>
    public static async Task<(IReadModelStore Store, long Applied)> RebuildAsync(FootyOptions options, string file)
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
