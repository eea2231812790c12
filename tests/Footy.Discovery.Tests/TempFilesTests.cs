namespace Footy.Discovery.Tests;

public sealed class TempFilesTests : IDisposable
{
    private readonly TempDir _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Creates_unique_paths_in_one_session_folder_and_dispose_deletes_everything_of_a_file()
    {
        using var temp = new TempFiles(_root.Path);
        var paths = Enumerable.Range(0, 200).Select(_ => temp.Create()).ToList();
        Assert.Equal(200, paths.Select(p => p.Path).Distinct().Count());
        Assert.All(paths, p => Assert.Equal(temp.SessionDirectory, Path.GetDirectoryName(p.Path)));
        Assert.All(paths, p => Assert.EndsWith(".mp4", p.Path));

        var f = paths[0];
        var stem = Path.Combine(temp.SessionDirectory, Path.GetFileNameWithoutExtension(f.Path));
        File.WriteAllText(f.Path, "x");
        File.WriteAllText(f.Path + ".part", "x");
        File.WriteAllText(stem + ".f137.mp4", "x");
        File.WriteAllText(paths[1].Path, "keep");
        Assert.True(f.Exists);
        f.Dispose();
        f.Dispose();
        Assert.False(File.Exists(f.Path));
        Assert.False(File.Exists(f.Path + ".part"));
        Assert.False(File.Exists(stem + ".f137.mp4"));
        Assert.True(File.Exists(paths[1].Path));
        Assert.EndsWith(".webm", temp.Create("webm").Path);
        Assert.Throws<ArgumentException>(() => temp.Create("../x"));
    }

    [Theory]
    [InlineData("../../etc/cron.d/x")]
    [InlineData("/etc/passwd")]
    [InlineData(".mp4/../../x")]
    [InlineData(".mp4\0.sh")]
    [InlineData(".mp4;rm -rf ~")]
    [InlineData(".%2e%2e%2fx")]
    [InlineData(". mp4")]
    public void Extensions_that_could_name_another_place_are_refused(string extension)
    {
        using var temp = new TempFiles(_root.Path);
        var refused = Assert.Throws<ArgumentException>(() => temp.Create(extension));
        Assert.Equal("extension", refused.ParamName);
    }

    [Fact]
    public void Sweep_removes_leftovers_of_dead_sessions_but_not_live_ones_nor_foreign_files()
    {
        // A session left by a crashed process: its lock file exists but nobody holds it.
        var dead = Path.Combine(_root.Path, "session-dead");
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, ".lock"), "");
        File.WriteAllText(Path.Combine(dead, "dl-000001-x.mp4"), "leftover");
        var foreign = _root.File("not-ours.txt", "keep me");
        Directory.CreateDirectory(Path.Combine(_root.Path, "other-folder"));

        using var live = new TempFiles(_root.Path);
        Assert.Equal(1, live.SweptAtStart);
        Assert.False(Directory.Exists(dead));
        Assert.True(File.Exists(foreign));
        Assert.True(Directory.Exists(Path.Combine(_root.Path, "other-folder")));

        var file = live.Create();
        File.WriteAllText(file.Path, "in use");
        using (var second = new TempFiles(_root.Path))
        {
            Assert.Equal(0, second.SweptAtStart);       // the first instance is alive: its lock is held
            Assert.True(File.Exists(file.Path));
            Assert.Equal(0, second.Sweep());
        }
        Assert.True(File.Exists(file.Path));
    }

    [Fact]
    public void Dispose_removes_the_session_folder()
    {
        string session;
        using (var temp = new TempFiles(_root.Path))
        {
            session = temp.SessionDirectory;
            File.WriteAllText(temp.Create().Path, "x");
        }
        Assert.False(Directory.Exists(session));
        Assert.True(Directory.Exists(_root.Path));
    }

    [Fact]
    public void Default_root_is_under_the_system_temp_folder()
    {
        using var temp = new TempFiles();
        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "footy-downloads")), temp.Root);
    }
}

public sealed class FallbackClipDownloaderTests
{
    private sealed class Scripted(params DownloadOutcome[] outcomes) : IClipDownloader
    {
        public int Calls;

        public Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct) =>
            Task.FromResult(outcomes[Math.Min(Interlocked.Increment(ref Calls) - 1, outcomes.Length - 1)]);
    }

    private static readonly DownloadOutcome Ok = new DownloadOutcome.Success("/x", 1, "00", "video/mp4", new Uri("https://a/"));

    private static DownloadOutcome Fail(DownloadFailureKind k) => new DownloadOutcome.Failure(k, "r");

    private static DiscoveredClip Clip(bool page) =>
        new("1", "s", new Uri("https://cdn/v.mp4"), page ? new Uri("https://x.com/u/status/1") : null, "t", null, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(DownloadFailureKind.Unsupported, true, true)]
    [InlineData(DownloadFailureKind.NotAVideo, false, true)]
    [InlineData(DownloadFailureKind.Forbidden, true, true)]
    [InlineData(DownloadFailureKind.Forbidden, false, false)]
    [InlineData(DownloadFailureKind.NotFound, true, true)]
    [InlineData(DownloadFailureKind.TooLarge, true, false)]
    [InlineData(DownloadFailureKind.Refused, true, false)]
    [InlineData(DownloadFailureKind.Timeout, true, false)]
    [InlineData(DownloadFailureKind.RateLimited, true, false)]
    public async Task Falls_back_only_where_another_tool_can_help(DownloadFailureKind first, bool hasPage, bool fallsBack)
    {
        var primary = new Scripted(Fail(first));
        var fallback = new Scripted(Ok);
        var d = new FallbackClipDownloader(primary, fallback, new ListLogger<FallbackClipDownloader>());
        var r = await d.DownloadAsync(Clip(hasPage), "/tmp/x.mp4", CancellationToken.None);
        Assert.Equal(fallsBack ? 1 : 0, fallback.Calls);
        Assert.Equal(fallsBack, r.Succeeded);
    }

    [Fact]
    public async Task Success_does_not_fall_back_and_an_unsupported_fallback_reports_the_first_failure()
    {
        var fallback = new Scripted(Ok);
        var d = new FallbackClipDownloader(new Scripted(Ok), fallback, new ListLogger<FallbackClipDownloader>());
        Assert.True((await d.DownloadAsync(Clip(true), "/tmp/x", CancellationToken.None)).Succeeded);
        Assert.Equal(0, fallback.Calls);

        var d2 = new FallbackClipDownloader(new Scripted(Fail(DownloadFailureKind.NotAVideo)), new Scripted(Fail(DownloadFailureKind.Unsupported)), new ListLogger<FallbackClipDownloader>());
        Assert.Equal(DownloadFailureKind.NotAVideo, ((DownloadOutcome.Failure)await d2.DownloadAsync(Clip(true), "/tmp/x", CancellationToken.None)).Kind);
    }
}
