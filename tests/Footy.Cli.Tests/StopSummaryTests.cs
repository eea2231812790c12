using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary>
/// <c>--json</c> on the commands that run until stopped: on SIGTERM, <c>footy run</c> and <c>footy record</c> print what was
/// published as the summary <c>footy replay --json</c> prints, and nothing else, on stdout.
/// </summary>
public sealed class StopSummaryTests
{
    [Fact]
    public async Task Run_with_a_recording_and_json_prints_the_published_summary_when_stopped()
    {
        using var data = new TempDir();
        var recording = Summaries.Recording("saturday-overlap");
        await using var daemon = FootyProcess.Start(["run", "--recording", recording, "--pace", "0.2", "--json"], new Dictionary<string, string>
        {
            ["FOOTY_DataDirectory"] = data.Path,
            ["FOOTY_Admin__Port"] = "0",
            ["FOOTY_Cluster__Port"] = "0",
        });
        await WaitForAsync(daemon, "played to its end");

        daemon.Terminate();
        await daemon.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(daemon.ExitCode == 0, daemon.Stderr);
        var (fixtures, goals) = Summaries.Normalize(MatchdaySummary.FromJson(daemon.Stdout));
        var expected = Summaries.LoadExpected(Path.Combine(recording, "expected.json"));
        Assert.Equal(expected.Fixtures, fixtures);
        Assert.Equal(expected.Goals, goals);
    }

    [Fact]
    public async Task Record_with_json_prints_the_summary_when_stopped_even_when_nothing_was_published()
    {
        using var data = new TempDir();
        await using var daemon = FootyProcess.Start(["record", data.Combine("recording"), "--json"], new Dictionary<string, string>
        {
            ["FOOTY_DataDirectory"] = data.Combine("data"),
            ["FOOTY_ApiFootball__ApiKey"] = "key-of-an-unreachable-upstream",
            ["FOOTY_ApiFootball__BaseUrl"] = "http://127.0.0.1:1/",
            ["FOOTY_Admin__Port"] = "0",
            ["FOOTY_Cluster__Port"] = "0",
        });
        await WaitForAsync(daemon, "Recording API-Football traffic into");

        daemon.Terminate();
        await daemon.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(daemon.ExitCode == 0, daemon.Stderr);
        var summary = MatchdaySummary.FromJson(daemon.Stdout);
        Assert.Empty(summary.Fixtures);
        Assert.Empty(summary.Goals);
    }

    private static async Task WaitForAsync(FootyProcess daemon, string line)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!daemon.Stderr.Contains(line, StringComparison.Ordinal))
        {
            if (daemon.HasExited) throw new InvalidOperationException($"footy exited with {daemon.ExitCode}:\n{daemon.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"footy did not log \"{line}\" in time:\n{daemon.Stderr}");
            await Task.Delay(200);
        }
    }
}
