using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>The bundled recordings replayed through the whole daemon, on each journal backend, against their expected outcome.</summary>
[Collection(DaemonCollection.Name)]
public sealed class RecordedMatchTests(JournalBackends backends, ITestOutputHelper output)
{
    [Theory]
    [InlineData("world-cup-final-2022", Backend.Sqlite)]
    [InlineData("world-cup-final-2022", Backend.PostgreSql)]
    [InlineData("saturday-overlap", Backend.Sqlite)]
    [InlineData("saturday-overlap", Backend.PostgreSql)]
    public async Task Replay_publishes_exactly_the_goals_that_stood(string recording, Backend backend)
    {
        var options = await backends.OptionsFor(backend);
        var directory = Summaries.Recording(recording);

        var summary = (await ReplayRunner.RunAsync(directory, options, new ReplaySettings(), TestLogging.For(output))).Summary;

        var (fixtures, goals) = Summaries.Normalize(summary);
        var expected = Summaries.LoadExpected(Path.Combine(directory, "expected.json"));
        Assert.Equal(expected.Fixtures, fixtures);
        Assert.Equal(expected.Goals, goals);
        Assert.Equal(summary.Goals.Count, summary.Goals.Select(g => g.Id).Distinct().Count());
    }
}
