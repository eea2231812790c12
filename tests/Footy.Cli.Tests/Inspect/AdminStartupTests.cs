using System.Text.Json;
using Footy.Admin;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Tests.Inspect;

/// <summary>How the admin endpoint starts and how a node leaves: each with a daemon of its own.</summary>
public sealed class AdminStartupTests
{
    [Fact]
    public async Task Binding_the_admin_endpoint_beyond_loopback_without_a_token_is_refused_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-admin-open-" + Guid.NewGuid().ToString("N")[..10]);
        await using var daemon = RecordingDaemon.Start(data, Summaries.Recording("saturday-overlap"), token: "", ("FOOTY_Admin__Address", "0.0.0.0"));
        await daemon.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, daemon.ExitCode);
        Assert.Contains("Admin:Token is required when the admin endpoint listens on 0.0.0.0", daemon.Stderr);
        Assert.False(File.Exists(Path.Combine(data, "admin.endpoint")));
    }

    [Fact]
    public async Task Cluster_leave_makes_the_node_leave_and_the_daemon_stop_cleanly()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-admin-leave-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var daemon = RecordingDaemon.Start(data, Summaries.Recording("saturday-overlap"), RecordingDaemon.Token);
            await RecordingDaemon.WaitUntilPlayedAsync(daemon, data);

            var leave = await FootyProcess.RunAsync(["cluster", "leave"], new Dictionary<string, string>
            {
                ["FOOTY_DataDirectory"] = data, ["FOOTY_Admin__Token"] = RecordingDaemon.Token,
            });
            Assert.True(leave.ExitCode == 0, leave.Stderr);
            Assert.StartsWith("leave: akka.tcp://footy@", leave.Stdout);

            await daemon.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.True(daemon.ExitCode == 0, daemon.Stderr);
            Assert.False(File.Exists(Path.Combine(data, "admin.endpoint")), "the endpoint file goes with the endpoint");
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Backfill_of_a_recorded_day_finds_the_goals_the_live_replay_published_and_retry_searches_a_goal_again()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-admin-backfill-" + Guid.NewGuid().ToString("N")[..10]);
        var recording = Summaries.Recording("saturday-overlap");
        try
        {
            // A daemon started the day after the recording: its own ingest never sees the recorded day. One poll a second, so a
            // restarted search's 10 attempts outlast the next CLI call even on a loaded machine (at 0.2 s they took 2 s).
            await using var daemon = FootyProcess.Start(["run", "--recording", recording, "--pace", "1", "--start", "2024-12-01T12:00:00Z"],
                new Dictionary<string, string>
                {
                    ["FOOTY_DataDirectory"] = data, ["FOOTY_Admin__Port"] = "0", ["FOOTY_Cluster__Port"] = "0",
                    ["FOOTY_Admin__Token"] = RecordingDaemon.Token,
                });
            await RecordingDaemon.WaitUntilPlayedAsync(daemon, data);
            var cli = new Dictionary<string, string> { ["FOOTY_DataDirectory"] = data, ["FOOTY_Admin__Token"] = RecordingDaemon.Token };
            Assert.Equal("(none)", (await FootyProcess.RunAsync(["fixtures"], cli)).Stdout.Split('\n')[1].Trim());

            var backfill = await FootyProcess.RunAsync(["backfill", "--date", "2024-11-30", "--json"], cli, TimeSpan.FromMinutes(5));
            Assert.True(backfill.ExitCode == 0, backfill.Stderr);
            Assert.Contains("backfill 2024-11-30: 7 fixtures", backfill.Stderr);
            using var outcome = JsonDocument.Parse(backfill.Stdout);
            var goals = outcome.RootElement.GetProperty("goals").Deserialize<List<GoalRow>>(AdminEndpoint.Json)!;

            var expected = Summaries.LoadExpected(Path.Combine(recording, "expected.json"));
            Assert.Equal(
                expected.Goals.Where(g => g.State == "complete").Select(g => (g.Fixture, g.Team, g.Player, g.Minute)).Order(),
                goals.Select(g => (g.Fixture, g.Team, g.Player ?? "", g.Minute!.Value)).Order());
            Assert.All(goals, g => Assert.Equal(("complete", true), (g.State, g.HuntFinished)));
            Assert.Equal(7, outcome.RootElement.GetProperty("fixtures").GetArrayLength());

            var text = await FootyProcess.RunAsync(["backfill", "--date", "2024-11-30", "--no-wait"], cli);
            Assert.Contains("Backfill of 2024-11-30: 7 fixtures, 16 goals", text.Stdout);
            var future = await FootyProcess.RunAsync(["backfill", "--date", "2030-01-01"], cli);
            Assert.Equal(2, future.ExitCode);
            Assert.Contains("is in the future", future.Stderr);

            var goal = goals[0].Id;
            var retry = await FootyProcess.RunAsync(["retry", "goal", goal, "--json"], cli);
            var restarted = JsonSerializer.Deserialize<ActionResult>(retry.Stdout, AdminEndpoint.Json)!;
            Assert.StartsWith("clip search restarted: 10 attempts", restarted.Outcome);
            var again = await FootyProcess.RunAsync(["retry", "goal", goal], cli);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("still running", again.Stderr);

            var deadline = DateTime.UtcNow.AddMinutes(2);
            List<RunRecord> runs;
            do
            {
                await Task.Delay(500);
                runs = JsonSerializer.Deserialize<List<RunRecord>>((await FootyProcess.RunAsync(["runs", "--goal", goal, "--json"], cli)).Stdout, AdminEndpoint.Json)!;
            }
            while (runs.Count < 20 && DateTime.UtcNow < deadline);
            Assert.Equal(20, runs.Count(r => r.Kind == "search"));
            var report = JsonSerializer.Deserialize<GoalReport>((await FootyProcess.RunAsync(["goal", goal, "--json"], cli)).Stdout, AdminEndpoint.Json)!;
            Assert.Contains("clip-hunt-restarted", report.History.Select(h => h.Event));
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
