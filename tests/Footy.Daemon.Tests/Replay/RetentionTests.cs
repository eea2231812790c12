using Akka.Actor;
using Akka.Hosting;
using Footy.Admin;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// Retention: once a finished fixture is older than <c>Retention:Days</c>, its events, its goals' events and its goals'
/// stored clips are gone, and the poller no longer tracks it; before that, nothing is touched.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RetentionTests(JournalBackends backends, ClipRecording recording, ITestOutputHelper output) : IClassFixture<ClipRecording>
{
    [Fact]
    public async Task A_finished_fixture_past_retention_loses_its_records_and_clips_and_nothing_earlier()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Retention.Days = 2;
        options.Retention.DeleteClips = true;
        await using var session = await ReplaySession.StartAsync(recording.Directory, options, new ReplaySettings(), [], TestLogging.For(output), CancellationToken.None);
        await session.PlayAsync(null, CancellationToken.None);

        var summary = await session.SummaryAsync(CancellationToken.None);
        var clips = Path.Combine(options.DataDirectory, "clips");
        var storedBefore = StoredClips(clips);
        Assert.Equal(summary.Goals.Sum(g => g.Clips.Count), storedBefore.Count);
        Assert.NotEmpty(storedBefore);

        var system = session.Host.Services.GetRequiredService<ActorSystem>();
        var poller = await ActorRegistry.For(system).GetAsync<LivePoller>();
        var journal = new JournalReader(system);
        var fixture = summary.Fixtures.Single().Id;
        var kickoff = (await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures.Single().Kickoff;

        await poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(kickoff.AddDays(1)), TimeSpan.FromMinutes(1));
        Assert.Single((await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures);
        Assert.Equal(storedBefore, StoredClips(clips));

        await poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(kickoff.AddDays(2).AddMinutes(1)), TimeSpan.FromMinutes(1));

        Assert.Empty((await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures);
        Assert.Empty(StoredClips(clips));
        Assert.Empty((await journal.ReadAsync($"fixture-{fixture}", 0, 100, CancellationToken.None)).Events);
        foreach (var goal in summary.Goals)
            Assert.Empty((await journal.ReadAsync($"goal-{goal.Id}", 0, 100, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task By_default_retention_deletes_no_stored_clip_and_no_record()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Retention.Days = 2;
        await using var session = await ReplaySession.StartAsync(recording.Directory, options, new ReplaySettings(), [], TestLogging.For(output), CancellationToken.None);
        await session.PlayAsync(null, CancellationToken.None);
        var summary = await session.SummaryAsync(CancellationToken.None);
        var clips = Path.Combine(options.DataDirectory, "clips");
        var storedBefore = StoredClips(clips);
        Assert.NotEmpty(storedBefore);

        var system = session.Host.Services.GetRequiredService<ActorSystem>();
        var poller = await ActorRegistry.For(system).GetAsync<LivePoller>();
        var journal = new JournalReader(system);
        var kickoff = (await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures.Single().Kickoff;
        await poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(kickoff.AddDays(2).AddMinutes(1)), TimeSpan.FromMinutes(1));

        Assert.Empty((await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures);
        Assert.Equal(storedBefore, StoredClips(clips));
        Assert.NotEmpty((await journal.ReadAsync($"fixture-{summary.Fixtures.Single().Id}", 0, 100, CancellationToken.None)).Events);
        foreach (var goal in summary.Goals)
            Assert.NotEmpty((await journal.ReadAsync($"goal-{goal.Id}", 0, 100, CancellationToken.None)).Events);
    }

    private static List<string> StoredClips(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.mp4", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
}
