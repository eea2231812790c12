using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Daemon.Tests.Replay;
using Footy.Daemon.Tests.Storage;
using Footy.Domain.Goals;
using Footy.Media;
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
    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-revived-goal-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly PlannedClips _planned = UpstreamFaultDays.SakasGoalPostedTwice();

    public async Task InitializeAsync()
    {
        // Saka's goal is confirmed at poll 27 and its copies are found at 29 and 31; gone from 31, it is withdrawn at 33;
        // back from 35, it is confirmed again at 37, with attempts left before the whistle at poll 60.
        UpstreamFaultDays.ShortMatch(m => m.Remove("saka", 31).Restore("saka", 35)).WriteRecording(_recording);
        _planned.Plan.Save(_recording);
        await _planned.Plan.RenderAsync(_recording, MediaToolsOptions.Default);
    }

    [Fact]
    public async Task A_goal_back_after_its_withdrawal_keeps_the_clips_its_withdrawal_deleted()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);

        var summary = (await ReplayRunner.RunAsync(_recording, options, new ReplaySettings(), CapturedLog.For(output).Logger)).Summary;

        var deleted = Assert.Single(StoredJournal.Events(options, nameof(ClipEvents.ClipsDeleted)));
        Assert.Contains("\"Keys\":[\"", deleted.Json); // the clip was stored before the withdrawal
        Assert.Single(StoredJournal.Events(options, nameof(GoalRevived)));
        Assert.All(summary.Goals, g => Assert.Equal("complete", g.State));
        ClipAssertions.KeptExactlyTheOriginals(summary, _planned, output);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
        return Task.CompletedTask;
    }
}
