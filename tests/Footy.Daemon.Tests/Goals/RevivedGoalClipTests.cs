using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Daemon.Tests.Replay;
using Footy.Daemon.Tests.Storage;
using Footy.Domain.Goals;
using Footy.Media;
using Footy.Media.Synthetic;
using Footy.Scenarios;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Goals;

/// <summary>
/// A goal withdrawn by VAR after its clip was stored, then shown again: the withdrawal deletes the clip, and the goal,
/// confirmed again, finds the same posts again and keeps the clip once more. Its search remembering those posts as
/// seen would leave the goal complete with no clip.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RevivedGoalClipTests(JournalBackends backends, ITestOutputHelper output) : IAsyncLifetime
{
    private const int FixtureId = 1_900_101;
    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-revived-goal-" + Guid.NewGuid().ToString("N")[..10]);
    private PlannedClips _planned = null!;

    public async Task InitializeAsync()
    {
        // Seen from poll 25 (confirmed at 27, copies posted at 28 and 29), gone from 31 (withdrawn at 33), back from 35
        // (confirmed again at 37); ten attempts two polls apart end long before the whistle at poll 60.
        var start = new DateTimeOffset(2025, 3, 8, 17, 20, 0, TimeSpan.Zero);
        new DayScenario("goal withdrawn and restored", start, pollCount: 64).Add(new MatchScenario(FixtureId)
                .InLeague(39, "Premier League", "England", 2024, "Regular Season - 27")
                .Between(new Team(42, "Arsenal"), new Team(49, "Chelsea"))
                .KickoffAt(start.AddMinutes(10))
                .Status(21, "1H").Status(41, "HT").Status(45, "2H").Status(60, "FT")
                .Goal("saka", 25, Side.Home, Player.Of(1460, "B. Saka"), 3)
                .Remove("saka", 31)
                .Restore("saka", 35))
            .WriteRecording(_recording);
        const string text = "B. Saka goal! Arsenal 1-0 Chelsea 3'";
        var master = new PlannedMaster("saka-0", "m1", 4242, "1-0", 3, true, 1280, 720);
        PlannedClip[] copies =
        [
            new("1600000000000000011", "1600000000000000011.mp4", master.Name, 28, text, "fan1", new VariantSpec("tv", 1280, 720, Crf: 23)),
            new("1600000000000000012", "1600000000000000012.mp4", master.Name, 29, text, "fan2", new VariantSpec("re-encoded", 1280, 720, Crf: 33, Duration: 8)),
        ];
        _planned = new PlannedClips(new ClipPlan([master], copies),
            new Dictionary<(int, string, int), IReadOnlyList<IReadOnlySet<string>>> { [(FixtureId, "B. Saka", 3)] = [copies.Select(c => c.Id).ToHashSet()] });
        _planned.Plan.Save(_recording);
        await _planned.Plan.RenderAsync(_recording, MediaToolsOptions.Default);
    }

    [Fact]
    public async Task A_goal_back_after_its_withdrawal_keeps_the_clips_its_withdrawal_deleted()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        var log = CapturedLog.For(output);

        var summary = (await ReplayRunner.RunAsync(_recording, options, new ReplaySettings(), log.Logger)).Summary;

        var deleted = Assert.Single(StoredJournal.Events(options, nameof(ClipEvents.ClipsDeleted)));
        Assert.Contains("\"Keys\":[\"", deleted.Json); // the clip was stored before the withdrawal
        Assert.Single(StoredJournal.Events(options, nameof(GoalRevived)));
        Assert.Equal(2, StoredJournal.Events(options, nameof(GoalConfirmed)).Count);
        var goal = Assert.Single(summary.Goals);
        Assert.Equal("complete", goal.State);
        ClipAssertions.KeptExactlyTheOriginals(summary, _planned, output);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
        return Task.CompletedTask;
    }
}
