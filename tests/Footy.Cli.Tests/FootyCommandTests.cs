using System.Text.Json;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary>The footy executable as a user runs it: exit codes, messages, and clean JSON on stdout.</summary>
public sealed class FootyCommandTests
{
    [Fact]
    public async Task Run_without_an_api_key_says_what_to_set_and_points_to_the_demo()
    {
        var result = await Footy(["run"], new() { ["FOOTY_ApiFootball__ApiKey"] = "" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("FOOTY_ApiFootball__ApiKey", result.Stderr);
        Assert.Contains("footy demo", result.Stderr);
    }

    [Fact]
    public async Task A_bad_setting_is_named_in_the_error()
    {
        var result = await Footy(["run"], new()
        {
            ["FOOTY_ApiFootball__ApiKey"] = "secret-key-123",
            ["FOOTY_Polling__ConfirmationPolls"] = "0",
            ["FOOTY_Tracking__IngestTimeUtc"] = "25:99",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Polling:ConfirmationPolls", result.Stderr);
        Assert.Contains("Tracking:IngestTimeUtc", result.Stderr);
        Assert.DoesNotContain("secret-key-123", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Replay_of_a_missing_recording_fails_clearly()
    {
        var result = await Footy(["replay", "/nonexistent/recording", "--json"], []);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/recording", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Replay_json_prints_only_the_contract_summary_on_stdout()
    {
        var result = await Footy(["replay", Summaries.Recording("world-cup-final-2022"), "--json"], []);

        Assert.Equal(0, result.ExitCode);
        using var summary = JsonDocument.Parse(result.Stdout);
        var goals = summary.RootElement.GetProperty("goals").EnumerateArray().ToList();
        Assert.Equal(7, goals.Count);
        Assert.All(goals, g => Assert.StartsWith("979139-", g.GetProperty("id").GetString()));
        Assert.Equal("PEN", summary.RootElement.GetProperty("fixtures")[0].GetProperty("status").GetString());
    }

    private static Task<FootyProcess.Outcome> Footy(IReadOnlyList<string> arguments, Dictionary<string, string> environment)
    {
        environment.TryAdd("FOOTY_DataDirectory", Path.Combine(Path.GetTempPath(), "footy-cli-" + Guid.NewGuid().ToString("N")[..10]));
        return FootyProcess.RunAsync(arguments, environment, TimeSpan.FromMinutes(3));
    }
}
