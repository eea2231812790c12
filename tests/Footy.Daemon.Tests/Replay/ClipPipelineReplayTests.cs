using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Media;
using Footy.Media.Synthetic;
using Footy.Scenarios;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// A recorded match with clips, replayed through the whole clip pipeline (search, download, probe, filter, hash,
/// cluster, store): every goal keeps one clip per original, whose sources are exactly that original's copies, the
/// best copy by the documented rule, none violating the filters; a withdrawn goal keeps none.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ClipPipelineReplayTests(JournalBackends backends, ClipRecording recording, ITestOutputHelper output) : IClassFixture<ClipRecording>
{
    [Fact]
    public async Task Each_goal_keeps_one_clip_per_original_with_exactly_its_copies_as_sources()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);

        var summary = (await ReplayRunner.RunAsync(recording.Directory, options, new ReplaySettings(), TestLogging.For(output))).Summary;

        ClipAssertions.KeptExactlyTheOriginals(summary, recording.Planned, output);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(options.DataDirectory, "tmp"), "*", SearchOption.AllDirectories));
    }
}

/// <summary>What a correct clip pipeline keeps for the clip recording.</summary>
public static class ClipAssertions
{
    public static void KeptExactlyTheOriginals(Footy.Daemon.Summary.MatchdaySummary summary, PlannedClips planned, ITestOutputHelper output)
    {
        var variants = planned.Plan.Clips.ToDictionary(c => c.Id, c => c.Variant.Name);
        var filter = new ClipFilter();
        foreach (var goal in summary.Goals)
        {
            output.WriteLine($"{goal.Id} {goal.Player} {goal.Minute}' {goal.State}: {string.Join(" | ", goal.Clips.Select(c => $"{c.Width}x{c.Height} {c.Duration}s pop {c.Popularity} [{string.Join(",", c.Sources.Select(s => variants.GetValueOrDefault(s, s)))}]"))}");
            if (goal.State == "cancelled")
            {
                Assert.Empty(goal.Clips);
                continue;
            }
            var groups = planned.ExpectedGroups.GetValueOrDefault(((int)goal.Fixture, goal.Player, goal.Minute)) ?? [];
            Assert.Equal(
                groups.Select(g => string.Join(",", g.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal),
                goal.Clips.Select(c => string.Join(",", c.Sources.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
            foreach (var clip in goal.Clips)
            {
                Assert.Equal(clip.Sources.Count, clip.Popularity);
                Assert.True(filter.Check(new ClipProbe(clip.Duration, clip.Width, clip.Height, "h264", 0, clip.Bytes, true)).Accepted,
                    $"{clip.Key} violates the filters");
                if (clip.Sources.Any(s => variants[s] == "full-hd-trimmed")) Assert.Equal(1080, clip.Height);
            }
        }
        Assert.Contains(summary.Goals, g => g.Clips.Count > 0);
    }
}
