using System.Text;
using System.Text.Json.Nodes;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Daemon.Tests.Replay;
using Footy.Media;
using Footy.Recordings;
using Footy.Scenarios;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Faults.Upstream;

/// <summary>
/// The search service and the clip hosts failing under the real daemon: the first goal's two real copies are posted
/// next to posts whose downloads fail every way a CDN can (403, 404, 429, a redirect loop, an endless body, an HTML
/// page, a truncated mp4) while the search answers garbage, then slowly; after that goal's hunt the search service
/// goes down for good, for the whole of the second goal's hunt. Every faulty post is rejected with its reason in the
/// goal's journaled hunt, the real copies are kept exactly (one clip, both as sources), and both goals complete
/// after all their attempts.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ClipSourceFaultTests(JournalBackends backends, ITestOutputHelper output) : IAsyncLifetime
{
    private const int FirstPostId = 900_000_001;
    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-clip-faults-" + Guid.NewGuid().ToString("N")[..10]);
    private DayScenario _day = null!;
    private PlannedClips _planned = null!;

    /// <summary>Each faulty post's file and what its rejection reason must say (one of the '|'-separated phrases).</summary>
    private static readonly (string File, string Reason)[] FaultyPosts =
    [
        ("forbidden.mp4", "HTTP 403"),
        ("gone.mp4", "HTTP 404"),
        ("throttled.mp4", "HTTP 429"),
        ("loop.mp4", "redirect loop"),
        ("endless.mp4", "exceeds the cap"),
        ("page.mp4", "NotAVideo"),
        ("truncated.mp4", "probe|hash"),
    ];

    public async Task InitializeAsync()
    {
        _day = UpstreamFaultDays.ShortMatch();
        _day.WriteRecording(_recording);
        _planned = UpstreamFaultDays.SakasGoalPostedTwice();
        _planned.Plan.Save(_recording);
        await _planned.Plan.RenderAsync(_recording, MediaToolsOptions.Default);
        AddFaultyPosts();
    }

    [Fact]
    public async Task Every_faulty_clip_is_rejected_with_its_reason_and_every_goal_completes()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Clips.MaxClipBytes = 20L * 1024 * 1024;
        var firstClipPoll = _planned.Plan.Clips.Min(c => c.AvailableFromPoll);
        var plan = new ServedFaultPlan((endpoint, path, now) => FaultAt(endpoint, path, _day.PollAt(now), firstClipPoll));
        var log = CapturedLog.For(output);

        var summary = (await ReplayRunner.RunAsync(_recording, options, new ReplaySettings(Faults: plan), log.Logger)).Summary;

        ClipAssertions.KeptExactlyTheOriginals(summary, _planned, output);
        Assert.All(summary.Goals.Where(g => g.State != "cancelled"), g => Assert.Equal("complete", g.State));
        var goals = await StoredGoals.ReadAsync(options, summary.Goals.Select(g => g.Id), log.Logger);
        Assert.All(goals.Where(g => g.Hunt is not null), g =>
        {
            Assert.True(g.Hunt!.Finished || g.SummaryState == "cancelled", $"{g.Id}'s hunt did not finish");
            if (g.SummaryState == "complete") Assert.Equal(options.Clips.SearchAttempts, g.Hunt.AttemptsMade);
        });

        var hunted = summary.Goals.Single(g => (g.Fixture, g.Player, g.Minute) == _planned.ExpectedGroups.Keys.Single());
        var rejections = goals.Single(g => g.Id.Value == hunted.Id).Hunt!.Rejections;
        foreach (var r in rejections) output.WriteLine($"rejected {r.PostId}: {r.Reason}");
        for (var i = 0; i < FaultyPosts.Length; i++)
        {
            var (file, reason) = FaultyPosts[i];
            var postId = (FirstPostId + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rejection = Assert.Single(rejections, r => r.PostId == postId);
            Assert.True(reason.Split('|').Any(r => rejection.Reason.Contains(r, StringComparison.OrdinalIgnoreCase)),
                $"{file}: rejected for '{rejection.Reason}', expected '{reason}'");
        }
        Assert.True(log.Count("source failed") >= 2, "the search service's failures were not reported");
        Assert.True(log.Count("circuit opened") >= 1, "the search service's circuit never opened while it was down");
        Assert.Contains(plan.Requests, r => r is { Endpoint: ServedEndpoint.Search, Fault: ServedFault.Body });
        Assert.Contains(plan.Requests, r => r is { Endpoint: ServedEndpoint.Search, Fault: ServedFault.Delay });
        Assert.Contains(plan.Requests, r => r is { Endpoint: ServedEndpoint.Search, Fault: ServedFault.Status });
    }

    /// <summary>
    /// The search answers garbage until the hunted goal's first clips are posted, then slowly for two polls; from 20
    /// polls later on (after that goal's hunt) it is down for good. Clip downloads fail by file name.
    /// </summary>
    private ServedFault? FaultAt(ServedEndpoint endpoint, string path, int poll, int firstClipPoll)
    {
        if (endpoint == ServedEndpoint.Search)
        {
            if (poll >= firstClipPoll + 20) return new ServedFault.Status(503, "search service down");
            if (poll <= firstClipPoll) return new ServedFault.Body("text/html", Encoding.UTF8.GetBytes("<html><body>Rate limited, try later</body></html>"));
            return poll <= firstClipPoll + 2 ? new ServedFault.Delay(TimeSpan.FromSeconds(2)) : null;
        }
        if (endpoint != ServedEndpoint.Clip) return null;
        return Path.GetFileName(path) switch
        {
            "forbidden.mp4" => new ServedFault.Status(403, "geo-blocked"),
            "throttled.mp4" => new ServedFault.Status(429, "slow down", RetryAfter: TimeSpan.FromSeconds(1)),
            "loop.mp4" => new ServedFault.Redirect("/clips/loop.mp4"),
            "endless.mp4" => new ServedFault.Endless("video/mp4", File.ReadAllBytes(RealClip()).AsSpan(0, 4096).ToArray()),
            _ => null,
        };
    }

    /// <summary>
    /// Posts next to the hunted goal's real clips, with its words: files that are served faulty, one missing (404),
    /// an HTML page named .mp4 and a real clip cut to a third of its bytes.
    /// </summary>
    private void AddFaultyPosts()
    {
        var clips = Path.Combine(_recording, "clips");
        var real = _planned.Plan.Clips[0];
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(clips, "index.json")))!.AsArray();
        for (var i = 0; i < FaultyPosts.Length; i++)
        {
            var file = FaultyPosts[i].File;
            index.Add(new JsonObject
            {
                ["id"] = (FirstPostId + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["file"] = file,
                ["available_from_poll"] = real.AvailableFromPoll,
                ["text"] = real.Text,
                ["author"] = "troll",
            });
            if (file == "gone.mp4") continue;
            var bytes = File.ReadAllBytes(RealClip());
            File.WriteAllBytes(Path.Combine(clips, file), file switch
            {
                "page.mp4" => Encoding.UTF8.GetBytes("<!doctype html><html><body>This video is unavailable</body></html>"),
                "truncated.mp4" => bytes[..(bytes.Length / 3)],
                _ => bytes,
            });
        }
        File.WriteAllText(Path.Combine(clips, "index.json"), index.ToJsonString());
    }

    private string RealClip() => Path.Combine(_recording, "clips", _planned.Plan.Clips[0].File);

    public Task DisposeAsync()
    {
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
        return Task.CompletedTask;
    }
}
