using System.Text.Json;
using Footy.Media;
using Footy.Media.Synthetic;
using Footy.Scenarios;

namespace Footy.Web.Tests.Support;

/// <summary>
/// The 2022 World Cup final played by <c>footy run --recording</c> with synthetic clips (one original, two copies) for its first three confirmed goals
/// (the third is France's goal that VAR cancels: its clips are deleted), left running with the goals page up once every
/// goal has settled; and a browser to look at it.
/// </summary>
public sealed class FinalDaemon : IAsyncLifetime
{
    public static readonly DateOnly Day = new(2022, 12, 18);

    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-web-final-" + Guid.NewGuid().ToString("N")[..8]);

    public FootyDaemon Daemon { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public IReadOnlyList<ExpectedGoal> Expected { get; private set; } = null!;

    /// <summary>The day's answer once every goal has settled.</summary>
    public JsonElement Settled { get; private set; }

    public async Task InitializeAsync()
    {
        var day = BundledRecordings.WorldCupFinal2022();
        var expected = day.WriteRecordingWithExpected(_recording);
        Expected = expected.Goals;
        var clips = Thin(ClipPlans.For(day, expected, seed: 7, maxGoals: 3).Plan);
        clips.Save(_recording);
        var launching = Chromium.LaunchAsync();
        await clips.RenderAsync(_recording, MediaToolsOptions.Default);

        Daemon = FootyDaemon.Start(_recording, [], new Dictionary<string, string>());
        await Daemon.WaitForAsync("played to its end", TimeSpan.FromMinutes(4));
        Settled = await Daemon.WaitForDayAsync(Day, answer =>
        {
            // The goals can settle before the match's last poll (the shoot-out's end) reaches the read model.
            var fixtures = answer.GetProperty("fixtures").EnumerateArray().ToList();
            var goals = fixtures.SelectMany(f => f.GetProperty("goals").EnumerateArray()).ToList();
            return fixtures.All(f => !f.GetProperty("live").GetBoolean())
                   && goals.Count == Expected.Count
                   && goals.All(g => g.GetProperty("state").GetString() is "complete" or "cancelled" && !g.GetProperty("searching").GetBoolean());
        }, TimeSpan.FromMinutes(2));
        Chromium = await launching;
    }

    /// <summary>One original per goal and two copies of it (which the daemon finds to be one clip): fewer videos to render and hash.</summary>
    private static ClipPlan Thin(ClipPlan plan)
    {
        var masters = plan.Masters.GroupBy(m => m.Name[..m.Name.LastIndexOf('-')]).Select(g => g.First()).ToList();
        var clips = masters.SelectMany(m => plan.Clips.Where(c => c.Master == m.Name && c.Author != "bot").Take(2)).ToList();
        return new ClipPlan(masters, clips);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        if (Daemon is not null) await Daemon.DisposeAsync();
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FinalCollection : ICollectionFixture<FinalDaemon>
{
    public const string Name = "final";
}
