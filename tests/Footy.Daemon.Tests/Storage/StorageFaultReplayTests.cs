using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Daemon.Tests.Replay;
using Footy.Storage;
using Footy.Storage.Tests.Support;
using Serilog.Events;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Storage;

/// <summary>
/// The recorded final with clips replayed through the real daemon storing into a real S3 server (s3rver, through the
/// Minio client) that is killed mid-replay and started again; and into the filesystem with the disk "full" (a
/// free-space floor above the disk's real free space, lowered once downloads have paused). The S3 test is also the
/// end-to-end proof of the S3 path: the bucket ends up holding exactly the kept clips, each with its goal's metadata.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class StorageFaultReplayTests(JournalBackends backends, ClipRecording recording, ITestOutputHelper output) : IClassFixture<ClipRecording>
{
    private const string S3rverObjectSuffix = "._S3rver_object";

    [Fact]
    public async Task Replayed_into_s3_down_mid_replay_then_back_every_clip_lands_once_with_its_metadata_and_no_temporary_objects()
    {
        await using var s3 = await S3rverServer.StartAsync();
        var options = await OptionsOnS3(s3);
        var log = CapturedLog.For(output);
        var bucket = Path.Combine(s3.Directory, options.Clips.S3Bucket);
        Task? outage = null;

        // Down from the first poll after a clip was stored, until uploads have exhausted the store's own retries
        // (4 attempts with backoff) three times over and waited in the pipeline in between: then up again on the
        // same port and data directory.
        void StopAfterFirstClip(ReplayTick tick)
        {
            // A clip, not the store's listing probe (a dot-named object that lives only during its initialization).
            if (outage is not null || !ObjectKeys(bucket).Any(k => !k.StartsWith('.'))) return;
            s3.StopAsync().GetAwaiter().GetResult();
            output.WriteLine($"s3rver stopped at {tick.VirtualNow:u}");
            outage = RestartAfterRetries();
        }
        async Task RestartAfterRetries()
        {
            await log.Seen("\" try 3 of \"");
            await s3.StartAgainAsync();
            output.WriteLine("s3rver started again");
        }

        var summary = (await ReplayRunner.RunAsync(recording.Directory, options, new ReplaySettings(), log.Logger, StopAfterFirstClip)).Summary;

        Assert.True(outage is { IsCompletedSuccessfully: true } && s3.IsRunning, "no upload was attempted while s3rver was down");
        ClipAssertions.KeptExactlyTheOriginals(summary, recording.Planned, output);
        await AssertBucketHoldsExactly(summary, s3, options);
        AssertNoTemporaryFiles(options);

        var retried = StoredJournal.Events(options, nameof(Footy.Domain.Goals.ClipEvents.ClipStorageRetried));
        Assert.NotEmpty(retried);
        var storedKeys = summary.Goals.SelectMany(g => g.Clips).Select(c => c.Key).ToHashSet();
        foreach (var (persistenceId, json) in retried)
        {
            output.WriteLine($"{persistenceId}: {json}");
            Assert.Contains(storedKeys, k => json.Contains($"\"Key\":\"{k}\"", StringComparison.Ordinal));
            Assert.Contains("storage unavailable", json, StringComparison.Ordinal);
        }
        Assert.NotEmpty(log.Lines("Storage is back:", LogEventLevel.Warning));
        AssertNoAttemptFailed(log);
    }

    [Fact]
    public async Task Disk_below_the_free_space_floor_pauses_downloads_until_space_is_back_and_nothing_is_lost()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        Directory.CreateDirectory(options.DataDirectory);
        var free = new DriveInfo(Path.GetFullPath(options.DataDirectory)).AvailableFreeSpace;
        // A floor a terabyte above the real free space: to the daemon the disk is full from the start. The tightest
        // bounds (a queue of one, one download and one upload at a time) put the whole intake behind the pause.
        options.Clips.MinFreeDiskBytes = free + (1L << 40);
        (options.Clips.QueueCapacity, options.Clips.DownloadParallelism, options.Clips.UploadParallelism) = (1, 1, 1);
        var log = CapturedLog.For(output);
        var spaceBack = FreeSpaceOnceDownloadsPaused();
        async Task FreeSpaceOnceDownloadsPaused()
        {
            await log.Seen("new clip downloads are paused");
            await Task.Delay(TimeSpan.FromSeconds(3));
            options.Clips.MinFreeDiskBytes = 0;
            output.WriteLine("free-space floor lowered");
        }

        var summary = (await ReplayRunner.RunAsync(recording.Directory, options, new ReplaySettings(), log.Logger)).Summary;

        Assert.True(spaceBack.IsCompletedSuccessfully, "downloads never paused");
        Assert.Single(log.Lines("new clip downloads are paused", LogEventLevel.Warning));
        Assert.Single(log.Lines("clip downloads resumed after", LogEventLevel.Warning));
        ClipAssertions.KeptExactlyTheOriginals(summary, recording.Planned, output);
        AssertNoTemporaryFiles(options);
        var deferred = StoredJournal.Events(options, nameof(Footy.Domain.Goals.ClipEvents.ClipDownloadsDeferred));
        Assert.NotEmpty(deferred);
        foreach (var (persistenceId, json) in deferred) output.WriteLine($"{persistenceId}: {json}");
        AssertNoAttemptFailed(log);

        // The journal is intact: a restart on the same data directory recovers the same goals and clips.
        var again = (await ReplayRunner.RunAsync(recording.Directory, JournalBackends.SameJournal(options), new ReplaySettings(), TestLogging.For(output))).Summary;
        Assert.Equal(Summaries.Normalize(summary).Fixtures, Summaries.Normalize(again).Fixtures);
        Assert.Equal(Summaries.Normalize(summary).Goals, Summaries.Normalize(again).Goals);
        Assert.Equal(ClipKeys(summary), ClipKeys(again));
    }

    private async Task<FootyOptions> OptionsOnS3(S3rverServer s3)
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Clips.StorageKind = StorageOptions.S3Kind;
        options.Clips.S3Endpoint = s3.Endpoint;
        options.Clips.S3AccessKey = S3rverServer.AccessKey;
        options.Clips.S3SecretKey = S3rverServer.SecretKey;
        return options;
    }

    /// <summary>Each kept clip exactly once (nothing else: no temporary, probe, removed or doubled object), with the goal's metadata.</summary>
    private static async Task AssertBucketHoldsExactly(MatchdaySummary summary, S3rverServer s3, FootyOptions options)
    {
        // s3rver 3.7.1's listing cannot be read by the Minio client, so the bucket is read from s3rver's data directory.
        Assert.Equal(ClipKeys(summary), ObjectKeys(Path.Combine(s3.Directory, options.Clips.S3Bucket)));
        using var store = (S3ClipStore)ClipStoreFactory.Create(options.Clips.Storage(options.DataDirectory));
        foreach (var goal in summary.Goals)
        foreach (var clip in goal.Clips)
        {
            var stored = await store.StatAsync(ClipKey.Parse(clip.Key));
            Assert.NotNull(stored);
            Assert.Equal(clip.Bytes, stored.Bytes);
            var meta = stored.Metadata;
            Assert.Equal((goal.Id, goal.Fixture, goal.Player, goal.Team, clip.Width, clip.Height, clip.Popularity),
                (meta.GoalId, meta.FixtureId, meta.Player, meta.Team, meta.Width, meta.Height, meta.Popularity));
            Assert.Equal(clip.Sources.Order(StringComparer.Ordinal), meta.SourceIds.Order(StringComparer.Ordinal));
            Assert.Equal(clip.Duration, meta.DurationSeconds, 2);
        }
    }

    private static IReadOnlyList<string> ClipKeys(MatchdaySummary summary) =>
        summary.Goals.SelectMany(g => g.Clips).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();

    private static IReadOnlyList<string> ObjectKeys(string bucketDirectory) =>
        Directory.Exists(bucketDirectory)
            ? Directory.EnumerateFiles(bucketDirectory, "*" + S3rverObjectSuffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(bucketDirectory, f)[..^S3rverObjectSuffix.Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    private static void AssertNoTemporaryFiles(FootyOptions options) =>
        Assert.Empty(Directory.EnumerateFiles(options.Clips.TempDirectory(options.DataDirectory), "*", SearchOption.AllDirectories));

    /// <summary>The goals waited through the fault: no attempt failed and had to be run again or given up.</summary>
    private static void AssertNoAttemptFailed(CapturedLog log) =>
        Assert.DoesNotContain(log.Lines("clip search attempt", LogEventLevel.Warning), l => l.Contains("failed", StringComparison.Ordinal));
}
