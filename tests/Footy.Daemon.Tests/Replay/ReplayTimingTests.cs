using System.Text.Json;
using Footy.Daemon.Polling;
using Footy.Daemon.Summary;

namespace Footy.Daemon.Tests.Replay;

/// <summary>A replay's per-poll timing: the statistics over its polls, the poller's part, and the stages slowest first.</summary>
public sealed class ReplayTimingTests
{
    [Fact]
    public void Statistics_and_stages_follow_from_the_polls()
    {
        var timing = new ReplayTiming();
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var poll = 1; poll <= 20; poll++)
            timing.Add(poll, at.AddMinutes(poll), TimeSpan.FromSeconds(poll * 0.1),
                [new StageTime(CycleStages.ApiCalls, poll * 0.01), new StageTime(CycleStages.Fixtures, poll * 0.06)]);

        Assert.Equal(20, timing.Polls);
        Assert.Equal(21.0, timing.WallSeconds, 6);
        Assert.Equal(1.05, timing.MeanSeconds, 6);
        Assert.Equal(1.0, timing.P50Seconds, 6);
        Assert.Equal(1.9, timing.P95Seconds, 6);
        Assert.Equal(2.0, timing.MaxSeconds, 6);
        Assert.Equal(20, timing.SlowestPoll!.Poll);
        Assert.Equal([CycleStages.Fixtures, ReplayTiming.PollerStage, CycleStages.ApiCalls], timing.Stages.Select(s => s.Stage));
        var poller = timing.Stages.Single(s => s.Stage == ReplayTiming.PollerStage);
        Assert.Equal(21.0 * 0.3, poller.TotalSeconds, 6);
        Assert.Equal(0.3, poller.Share, 6);
        Assert.Equal(0.6, poller.MaxSeconds, 6);
        Assert.StartsWith("20 polls in 21.00 s; per poll mean 1050.0 ms, p50 1000.0 ms, p95 1900.0 ms, max 2000.0 ms (poll 20); slowest stage fixtures and goals",
            timing.ToText());

        using var json = JsonDocument.Parse(timing.ToJson());
        Assert.Equal(20, json.RootElement.GetProperty("per_poll").GetArrayLength());
        Assert.Equal(CycleStages.Fixtures, json.RootElement.GetProperty("stages")[0].GetProperty("stage").GetString());
    }

    [Fact]
    public void A_replay_without_polls_reports_zeros()
    {
        var timing = new ReplayTiming();

        Assert.Equal(0, timing.MeanSeconds);
        Assert.Equal(0, timing.P95Seconds);
        Assert.Null(timing.SlowestPoll);
        Assert.Empty(timing.Stages);
    }

    /// <summary>A real replay timed each of its polls (the recording's, and the extra polls that end open work), and each poll's stages add up to its time.</summary>
    internal static void AssertEveryPollTimed(ReplayTiming? timing, int recordedPolls)
    {
        Assert.NotNull(timing);
        Assert.InRange(timing.Polls, recordedPolls, recordedPolls + 40);
        Assert.Equal(Enumerable.Range(1, timing.Polls), timing.PerPoll.Select(p => p.Poll));
        Assert.All(timing.PerPoll, p => Assert.Equal(p.Seconds, p.Stages.Sum(s => s.Seconds), 1e-9));
        Assert.Contains(timing.Stages, s => s.Stage == CycleStages.Fixtures);
        Assert.Contains(timing.Stages, s => s.Stage == CycleStages.ApiCalls);
    }
}
