using System.Text.Json;
using Footy.Media;
using Footy.Media.Synthetic;
using Footy.Scenarios;
using Footy.Storage;
using Footy.Storage.Tests.Support;

namespace Footy.Web.Tests.Support;

/// <summary>
/// The 2022 World Cup final played by <c>footy run --recording</c> with synthetic clips (one original, two copies) for its first three confirmed goals
/// (the third is France's goal that VAR cancels: its clips are deleted), left running with the goals page up once every
/// goal has settled; and a browser to look at it. Played twice at once: with the filesystem clip store (<see cref="Daemon"/>)
/// and with the S3 clip store on a real s3rver (<see cref="S3Daemon"/>), whose page streams the clips from S3.
/// </summary>
public sealed class FinalDaemon : IAsyncLifetime
{
    public static readonly DateOnly Day = new(2022, 12, 18);

    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-web-final-" + Guid.NewGuid().ToString("N")[..8]);

    public FootyDaemon Daemon { get; private set; } = null!;

    /// <summary>The same final with its clips in S3 (<see cref="S3"/>), proxied by the goals page.</summary>
    public FootyDaemon S3Daemon { get; private set; } = null!;

    public S3rverServer S3 { get; private set; } = null!;

    /// <summary>The S3 daemon's day once every goal has settled.</summary>
    public JsonElement S3Settled { get; private set; }

    /// <summary>The S3 daemon's clip store, as the daemon configures it.</summary>
    public S3ClipStore S3Store() => (S3ClipStore)ClipStoreFactory.Create(new StorageOptions(
        StorageOptions.S3Kind, Endpoint: S3.Endpoint, AccessKey: S3rverServer.AccessKey, SecretKey: S3rverServer.SecretKey));

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
        var s3 = S3rverServer.StartAsync();
        await clips.RenderAsync(_recording, MediaToolsOptions.Default);
        S3 = await s3;

        Daemon = FootyDaemon.Start(_recording, [], new Dictionary<string, string>());
        S3Daemon = FootyDaemon.Start(_recording, [], new Dictionary<string, string>
        {
            ["Clips:StorageKind"] = StorageOptions.S3Kind,
            ["Clips:S3Endpoint"] = S3.Endpoint,
            ["Clips:S3AccessKey"] = S3rverServer.AccessKey,
            ["Clips:S3SecretKey"] = S3rverServer.SecretKey,
        });
        Settled = await SettledAsync(Daemon);
        S3Settled = await SettledAsync(S3Daemon);
        Chromium = await launching;
    }

    /// <summary>The day once the daemon played the recording to its end and every goal settled.</summary>
    private async Task<JsonElement> SettledAsync(FootyDaemon daemon)
    {
        await daemon.WaitForAsync("played to its end", TimeSpan.FromMinutes(5));
        return await daemon.WaitForDayAsync(Day, answer =>
        {
            // The goals can settle before the match's last poll (the shoot-out's end) reaches the read model.
            var fixtures = answer.GetProperty("fixtures").EnumerateArray().ToList();
            var goals = fixtures.SelectMany(f => f.GetProperty("goals").EnumerateArray()).ToList();
            return fixtures.All(f => !f.GetProperty("live").GetBoolean())
                   && goals.Count == Expected.Count
                   && goals.All(g => g.GetProperty("state").GetString() is "complete" or "cancelled" && !g.GetProperty("searching").GetBoolean());
        }, TimeSpan.FromMinutes(2));
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
        if (S3Daemon is not null) await S3Daemon.DisposeAsync();
        if (S3 is not null) await S3.DisposeAsync();
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FinalCollection : ICollectionFixture<FinalDaemon>
{
    public const string Name = "final";
}
