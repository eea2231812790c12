using Footy.Scenarios;

namespace Footy.Web.Tests.Support;

/// <summary>
/// A short match whose scorers are named like attacks on the page (a script tag, an image with an error handler), played by
/// <c>footy run --recording</c> started the day after it: the daemon's own ingest never sees the match day, so the page
/// can be opened on that day before anything is known, and <c>POST /api/backfill</c> on the admin endpoint then brings
/// its goals in while the page stays open.
/// </summary>
public sealed class EveningDaemon : IAsyncLifetime
{
    public const long FixtureId = 424242;
    public const string ScriptScorer = "<script>window.__pwned = 'script'</script>";
    public const string ImageScorer = "<img src=x onerror=\"window.__pwned = 'image'\">";
    public static readonly DateOnly Day = new(2025, 3, 8);

    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-web-evening-" + Guid.NewGuid().ToString("N")[..8]);

    public FootyDaemon Daemon { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var start = new DateTimeOffset(2025, 3, 8, 17, 20, 0, TimeSpan.Zero);
        new DayScenario("hostile names", start, pollCount: 64).Add(new MatchScenario((int)FixtureId)
                .InLeague(39, "Premier League", "England", 2024, "Regular Season - 27")
                .Between(new Team(42, "Arsenal"), new Team(49, "Chelsea"))
                .KickoffAt(start.AddMinutes(10))
                .Status(21, "1H").Status(41, "HT").Status(45, "2H").Status(60, "FT")
                .Goal("script", 25, Side.Home, Player.Of(666, ScriptScorer), 3)
                .Goal("image", 48, Side.Away, Player.Of(667, ImageScorer), 47))
            .WriteRecordingWithExpected(_recording);
        var launching = Chromium.LaunchAsync();
        // Two search attempts, not ten: after the recording the clock moves one poll per 0.2 s of wall time, slower on a
        // loaded machine, and a goal shows "No clip found" only once its last attempt is made.
        Daemon = FootyDaemon.Start(_recording, ["--start", "2025-03-09T12:00:00Z"], new Dictionary<string, string> { ["Clips:SearchAttempts"] = "2" });
        await Daemon.WaitForAsync("played to its end", TimeSpan.FromMinutes(3));
        Chromium = await launching;
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        if (Daemon is not null) await Daemon.DisposeAsync();
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
    }
}
