using System.Text.Json;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Testing;
using Xunit.Abstractions;

namespace Footy.Cli.Tests;

/// <summary>
/// <c>footy replay --timing</c> writes the real time of every poll and its stages, and says the slowest stage; the log keeps
/// the daemon's story, not the HTTP client's four lines per request; the built footy carries its runtime settings.
/// </summary>
public sealed class ReplayTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_replay_reports_every_poll_and_its_stages_and_logs_no_http_client_chatter()
    {
        using var temp = new TempDir();
        var data = temp.Combine("data");
        var timingFile = temp.Combine("timing.json");
        var outcome = await FootyProcess.RunAsync(
            ["replay", Summaries.Recording("world-cup-final-2022"), "--data", data, "--json", "--timing", timingFile], new Dictionary<string, string>(),
            TimeSpan.FromMinutes(5));
        output.WriteLine(outcome.Stderr);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Replay timing: ", outcome.Stderr);
        Assert.Contains("slowest stage ", outcome.Stderr);
        using var timing = JsonDocument.Parse(File.ReadAllText(timingFile));
        var polls = timing.RootElement.GetProperty("per_poll").EnumerateArray().ToList();
        Assert.True(polls.Count >= 405, $"{polls.Count} polls timed");
        Assert.Equal(Enumerable.Range(1, polls.Count), polls.Select(p => p.GetProperty("poll").GetInt32()));
        var stages = timing.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Contains(CycleStages.Fixtures, stages);
        Assert.Contains(CycleStages.ApiCalls, stages);
        Assert.Contains("poller", stages);

        var log = string.Concat(Directory.GetFiles(Path.Combine(data, "logs")).Select(File.ReadAllText));
        Assert.Contains("Footy.Daemon.Polling", log);
        Assert.DoesNotContain("System.Net.Http.HttpClient", log);
    }

    [Fact]
    public void The_built_footy_caps_malloc_arenas_and_runs_without_dynamic_PGO()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "footy.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal("2", properties.GetProperty(NativeHeap.ArenaMaxSetting).GetRawText());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(NativeHeap.LimitArenas(2));
    }
}
