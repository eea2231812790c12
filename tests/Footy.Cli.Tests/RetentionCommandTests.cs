using System.Text.Json;
using Footy.Admin;
using Footy.Cli.Tests.Infrastructure;
using Footy.Cli.Tests.Inspect;
using Footy.Daemon.Tests.Infrastructure;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Tests;

/// <summary><c>footy retention --dry-run</c> lists what a purge would remove from a running daemon, and removes nothing.</summary>
public sealed class RetentionCommandTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "footy-retention-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _recording = Summaries.Recording("saturday-overlap");
    private FootyProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = RecordingDaemon.Start(_data, _recording, RecordingDaemon.Token);
        await RecordingDaemon.WaitUntilPlayedAsync(_daemon, _data);
    }

    [Fact]
    public async Task Dry_run_lists_the_fixtures_goals_and_clips_past_retention_and_removes_nothing()
    {
        var cli = new Dictionary<string, string> { ["FOOTY_DataDirectory"] = _data, ["FOOTY_Admin__Token"] = RecordingDaemon.Token, ["FOOTY_Retention__Days"] = "30" };
        var fixtures = Json<List<FixtureRow>>(await FootyProcess.RunAsync(["fixtures", "--json"], cli));
        var goals = Json<List<GoalRow>>(await FootyProcess.RunAsync(["goals", "--json"], cli));
        var finished = fixtures.Where(f => f.Phase == "finished").ToList();
        var goalsOfFinished = goals.Where(g => finished.Any(f => f.Id == g.Fixture)).ToList();
        Assert.NotEmpty(goalsOfFinished);
        Assert.NotEqual(fixtures.Count, finished.Count);
        var kickoff = fixtures.Max(f => f.Kickoff);

        var now = await FootyProcess.RunAsync(["retention", "--dry-run", "--json"], cli);
        Assert.Empty(Json<JsonElement>(now).GetProperty("fixtures").EnumerateArray());

        var later = kickoff.AddDays(31).ToString("O");
        var preview = Json<JsonElement>(await FootyProcess.RunAsync(["retention", "--dry-run", "--at", later, "--json"], cli));
        Assert.Equal(finished.Select(f => f.Id).Order(), preview.GetProperty("fixtures").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order());
        Assert.Equal(goalsOfFinished.Select(g => (g.Id, g.State)).Order(),
            preview.GetProperty("goals").EnumerateArray().Select(g => (g.GetProperty("id").GetString()!, g.GetProperty("state").GetString()!)).Order());
        Assert.False(preview.GetProperty("deleteClips").GetBoolean());
        var text = (await FootyProcess.RunAsync(["retention", "--dry-run", "--at", later], cli)).Stdout;
        Assert.Contains($"{finished.Count} fixtures, {goalsOfFinished.Count} goals", text);
        Assert.Contains("Retention:DeleteClips is false: nothing is deleted", text);

        Assert.Equal(fixtures.Count, Json<List<FixtureRow>>(await FootyProcess.RunAsync(["fixtures", "--json"], cli)).Count);
        Assert.Equal(goals.Count, Json<List<GoalRow>>(await FootyProcess.RunAsync(["goals", "--json"], cli)).Count);
        var withoutDryRun = await FootyProcess.RunAsync(["retention"], cli);
        Assert.Equal(2, withoutDryRun.ExitCode);
        Assert.Contains("--dry-run", withoutDryRun.Stderr);
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private static T Json<T>(FootyProcess.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return JsonSerializer.Deserialize<T>(outcome.Stdout, AdminEndpoint.Json)!;
    }
}
