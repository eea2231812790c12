using System.Diagnostics;
using System.Text;

namespace Footy.Discovery.Tests;

/// <summary>yt-dlp is simulated by small bash scripts written per test; one test also runs Debian's real yt-dlp against a local server.</summary>
public sealed class YtDlpDownloaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Target => _dir.Combine("dl/dl-000001-abc.mp4");
    private string ArgsFile => _dir.Combine("args.txt");

    /// <summary>Writes a fake yt-dlp: it records its arguments (one per line), finds <c>-o</c>, then runs <paramref name="body"/> with <c>$out</c> = the template with the extension filled in.</summary>
    private string FakeYtDlp(string body)
    {
        var script = $$"""
            #!/bin/bash
            printf '%s\n' "$@" > '{{ArgsFile}}'
            template=""
            while [ $# -gt 0 ]; do
              case "$1" in
                -o) template="$2"; shift 2 ;;
                *) shift ;;
              esac
            done
            out=$(printf '%s' "$template" | sed 's/%(ext)s/mp4/')
            {{body}}
            """;
        var path = _dir.File("bin/yt-dlp", script.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private const string WriteMp4 = """
        printf '\x00\x00\x00\x20ftypisom\x00\x00\x02\x00' > "$out"
        head -c 5000 /dev/zero >> "$out"
        """;

    private YtDlpDownloader Downloader(string path, Action<YtDlpOptions>? tweak = null)
    {
        var o = new YtDlpOptions
        {
            Path = path,
            MaxBytes = 1024 * 1024,
            ProcessTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 0,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            CircuitMinimumThroughput = 100,
            AllowedHosts = ["example.org", "127.0.0.1"],
        };
        tweak?.Invoke(o);
        return new YtDlpDownloader(o, new ListLogger<YtDlpDownloader>());
    }

    private static DiscoveredClip Clip(string page = "https://example.org/status/1") =>
        new("1", "search", new Uri("https://example.org/direct.mp4"), new Uri(page), "t", null, DateTimeOffset.UnixEpoch);

    private static DownloadOutcome.Failure Failed(DownloadOutcome o) => Assert.IsType<DownloadOutcome.Failure>(o);

    private void AssertNothingLeft()
    {
        var dir = Path.GetDirectoryName(Target)!;
        Assert.True(!Directory.Exists(dir) || !Directory.EnumerateFiles(dir).Any(), "files left: " + string.Join(", ", Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : []));
    }

    [Fact]
    public async Task Success_passes_safe_arguments_and_checks_the_file()
    {
        var cookies = _dir.File("cookies.txt", "# Netscape HTTP Cookie File\n");
        var d = Downloader(FakeYtDlp(WriteMp4 + "\necho \"$out\"\nexit 0"), o => o.CookiesFile = cookies);
        var evil = "https://example.org/a?b=1&c=$(touch " + _dir.Combine("pwned") + ");x`id`";

        var s = Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(Clip(evil), Target, CancellationToken.None));

        Assert.Equal(Path.GetFullPath(Target), s.FilePath);
        Assert.Equal(5016, s.Bytes);
        Assert.Equal(Samples.Md5(await File.ReadAllBytesAsync(Target)), s.Md5);
        Assert.Equal("video/mp4", s.ContentType);
        Assert.False(File.Exists(_dir.Combine("pwned")));

        var args = (await File.ReadAllLinesAsync(ArgsFile)).ToList();
        Assert.Equal(new Uri(evil).AbsoluteUri, args[^1]);
        Assert.Equal("--", args[^2]);
        Assert.Contains("--no-playlist", args);
        Assert.Contains("--ignore-config", args);
        Assert.Equal("best[ext=mp4]/best", args[args.IndexOf("-f") + 1]);
        Assert.Equal((1024 * 1024).ToString(), args[args.IndexOf("--max-filesize") + 1]);
        Assert.Equal("20", args[args.IndexOf("--socket-timeout") + 1]);
        Assert.Equal("after_move:filepath", args[args.IndexOf("--print") + 1]);
        Assert.Equal(cookies, args[args.IndexOf("--cookies") + 1]);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Target))!, "dl-000001-abc.%(ext)s"), args[args.IndexOf("-o") + 1]);
    }

    [Fact]
    public async Task A_file_found_without_a_printed_path_is_accepted_and_renamed()
    {
        var d = Downloader(FakeYtDlp("""
            webm="${out%.mp4}.webm"
            printf '\x1a\x45\xdf\xa3' > "$webm"; head -c 600 /dev/zero >> "$webm"
            exit 0
            """));
        var s = Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
        Assert.Equal("video/webm", s.ContentType);
        Assert.True(File.Exists(Target));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(Target)!));
    }

    [Fact]
    public async Task Exit_0_without_a_file_is_a_failure()
    {
        var skipped = Downloader(FakeYtDlp("""
            echo "[twitter] 1: Downloading guest token"
            echo "[info] File is larger than max-filesize (73400320 bytes > 1048576 bytes). Aborting."
            exit 0
            """));
        Assert.Equal(DownloadFailureKind.TooLarge, Failed(await skipped.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);

        var silent = Downloader(FakeYtDlp("exit 0"));
        var f = Failed(await silent.DownloadAsync(Clip(), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.ToolFailure, f.Kind);
        Assert.Contains("without writing a file", f.Reason);

        var elsewhere = Downloader(FakeYtDlp("echo /etc/passwd\nexit 0"));
        Assert.Equal(DownloadFailureKind.ToolFailure, Failed(await elsewhere.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);
        Assert.True(File.Exists("/etc/passwd"));
        AssertNothingLeft();
    }

    [Fact]
    public async Task Crash_is_a_tool_failure_and_leaves_no_fragments()
    {
        var d = Downloader(FakeYtDlp("""
            printf 'partial' > "$out.part"
            printf 'frag' > "${out%.mp4}.f137.mp4"
            echo "Traceback (most recent call last):" >&2
            kill -SEGV $$
            """));
        var f = Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.ToolFailure, f.Kind);
        Assert.Contains("crashed", f.Reason);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Hang_is_killed_with_its_children_at_the_time_limit()
    {
        var pidFile = _dir.Combine("child.pid");
        var d = Downloader(FakeYtDlp($"printf 'half' > \"$out.part\"\nsleep 120 &\necho $! > '{pidFile}'\nwait"), o => o.ProcessTimeout = TimeSpan.FromMilliseconds(700));
        var sw = Stopwatch.StartNew();
        var f = Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Timeout, f.Kind);
        Assert.Equal("yt-dlp ran longer than 0.7 s and was killed", f.Reason);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString());
        var child = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
        await Task.Delay(200);
        Assert.False(IsAlive(child), "the hung child process survived");
        AssertNothingLeft();
    }

    [Fact]
    public async Task A_failure_after_a_flood_of_output_is_classified_from_its_last_lines_with_a_bounded_reason()
    {
        // --verbose logs a lot before the verdict: only the end of the output is kept, and the verdict is there.
        var d = Downloader(FakeYtDlp("""
            printf 'partial' > "$out.part"
            head -c 20000000 /dev/zero | tr '\0' 'x' >&2
            echo >&2
            echo "ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found" >&2
            exit 1
            """), o => o.MaxOutputChars = 4096);

        var f = Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None));

        Assert.Equal(DownloadFailureKind.NotFound, f.Kind);
        Assert.StartsWith("yt-dlp: video not found: ", f.Reason);
        Assert.EndsWith("ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found", f.Reason);
        Assert.True(f.Reason.Length <= 430, $"reason is {f.Reason.Length} chars");
        AssertNothingLeft();
    }

    [Fact]
    public async Task Cookie_values_never_reach_logs_or_failures_even_when_the_tool_echoes_them()
    {
        var cookies = _dir.File("cookies.txt", string.Join("\n",
            "# Netscape HTTP Cookie File",
            ".x.com\tTRUE\t/\tTRUE\t1893456000\tauth_token\t0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "#HttpOnly_.x.com\tTRUE\t/\tTRUE\t1893456000\tct0\tcsrf-9f8e7d6c5b4a",
            ".x.com\tTRUE\t/\tFALSE\t1893456000\tlang\ten", ""));
        var logger = new ListLogger<YtDlpDownloader>();
        var d = new YtDlpDownloader(new YtDlpOptions
        {
            Path = FakeYtDlp("""
                echo "[debug] Request headers: Cookie: auth_token=0a1b2c3d4e5f60718293a4b5c6d7e8f9; ct0=csrf-9f8e7d6c5b4a; lang=en" >&2
                echo "ERROR: [twitter] 1: HTTP Error 403: Forbidden" >&2
                exit 1
                """),
            CookiesFile = cookies,
            MaxRetries = 0,
            AllowedHosts = ["example.org"],
        }, logger);

        var f = Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None));

        Assert.Equal(DownloadFailureKind.Forbidden, f.Kind);
        Assert.Contains("auth_token=[redacted]; ct0=[redacted]; lang=en", f.Reason);
        Assert.Contains(logger.Entries, e => e.Message.Contains("auth_token=[redacted]"));
        foreach (var secret in new[] { "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "csrf-9f8e7d6c5b4a" })
        {
            Assert.DoesNotContain(secret, f.Reason);
            Assert.DoesNotContain(logger.Entries, e => e.Everything.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found", DownloadFailureKind.NotFound)]
    [InlineData("ERROR: [twitter] 1604531452713377792: HTTP Error 403: Forbidden", DownloadFailureKind.Forbidden)]
    [InlineData("ERROR: [youtube] x: The uploader has not made this video available in your country", DownloadFailureKind.Forbidden)]
    [InlineData("ERROR: [twitter] 1: HTTP Error 429: Too Many Requests", DownloadFailureKind.RateLimited)]
    [InlineData("ERROR: [twitter] 1: No video could be found in this tweet", DownloadFailureKind.NotAVideo)]
    [InlineData("ERROR: Unsupported URL: https://example.org/x", DownloadFailureKind.Unsupported)]
    [InlineData("ERROR: [generic] Unable to download webpage: The read operation timed out", DownloadFailureKind.Timeout)]
    [InlineData("ERROR: [generic] Unable to download webpage: <urlopen error [Errno -3] Temporary failure in name resolution>", DownloadFailureKind.Network)]
    [InlineData("Something nobody expected", DownloadFailureKind.ToolFailure)]
    public async Task Non_zero_exits_are_classified_from_stderr(string stderr, DownloadFailureKind kind)
    {
        var d = Downloader(FakeYtDlp($"echo '{stderr.Replace("'", "'\\''")}' >&2\nexit 1"));
        Assert.Equal(kind, Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Transient_failures_are_rerun()
    {
        var counter = _dir.Combine("count");
        var d = Downloader(FakeYtDlp($$"""
            n=$(cat '{{counter}}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{{counter}}'
            if [ $n -lt 2 ]; then echo "ERROR: HTTP Error 429: Too Many Requests" >&2; exit 1; fi
            {{WriteMp4}}
            echo "$out"
            """), o => o.MaxRetries = 2);
        Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
        Assert.Equal("2", (await File.ReadAllTextAsync(counter)).Trim());
    }

    [Fact]
    public async Task Written_file_is_checked_for_size_and_container()
    {
        var html = Downloader(FakeYtDlp("echo '<!DOCTYPE html><html>login</html>' > \"$out\"\necho \"$out\""));
        Assert.Equal(DownloadFailureKind.NotAVideo, Failed(await html.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);
        AssertNothingLeft();

        var big = Downloader(FakeYtDlp(WriteMp4 + "\nhead -c 20000 /dev/zero >> \"$out\"\necho \"$out\""), o => o.MaxBytes = 10_000);
        Assert.Equal(DownloadFailureKind.TooLarge, Failed(await big.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Flood_of_output_is_capped_and_does_not_block()
    {
        var d = Downloader(FakeYtDlp("head -c 20000000 /dev/zero | tr '\\0' 'x' >&2\n" + WriteMp4 + "\necho \"$out\""), o => o.MaxOutputChars = 4096);
        Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
    }

    [Fact]
    public async Task Unsafe_urls_are_refused_before_running_anything()
    {
        var d = Downloader(FakeYtDlp("exit 0"), o => o.AllowedHosts = []);
        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x", "http://127.0.0.1:8080/x", "http://localhost/x" })
            Assert.Equal(DownloadFailureKind.Refused, Failed(await d.DownloadAsync(Clip(url), Target, CancellationToken.None)).Kind);
        var noUrl = new DiscoveredClip("1", "s", null, null, "t", null, DateTimeOffset.UnixEpoch);
        Assert.Equal(DownloadFailureKind.Unsupported, Failed(await d.DownloadAsync(noUrl, Target, CancellationToken.None)).Kind);
        Assert.False(File.Exists(ArgsFile));
    }

    [Fact]
    public async Task Missing_binary_and_repeated_tool_failures_open_the_circuit()
    {
        var d = Downloader(_dir.Combine("nope/yt-dlp"), o => { o.CircuitMinimumThroughput = 3; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); });
        for (var i = 0; i < 3; i++)
        {
            var f = Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None));
            Assert.Equal(DownloadFailureKind.ToolFailure, f.Kind);
            Assert.Contains("could not start", f.Reason);
        }
        Assert.Equal(DownloadFailureKind.CircuitOpen, Failed(await d.DownloadAsync(Clip(), Target, CancellationToken.None)).Kind);
        Assert.Throws<ArgumentException>(() => new YtDlpOptions { CookiesFile = _dir.Combine("missing.txt") }.Validate());
    }

    [Fact]
    public async Task Caller_cancellation_kills_the_process_and_throws()
    {
        var d = Downloader(FakeYtDlp("sleep 30"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => d.DownloadAsync(Clip(), Target, cts.Token));
        AssertNothingLeft();
    }

    [Fact]
    public async Task Real_debian_yt_dlp_downloads_a_direct_mp4_from_a_local_server()
    {
        const string real = "/usr/bin/yt-dlp";
        if (!File.Exists(real)) return;
        var video = Samples.Mp4(200_000);
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, "video/mp4", video));
        var d = Downloader(real, o => o.ProcessTimeout = TimeSpan.FromSeconds(30));
        var clip = new DiscoveredClip("1", "search", null, server.Url("clips/goal.mp4"), "t", null, DateTimeOffset.UnixEpoch);

        var outcome = await d.DownloadAsync(clip, Target, CancellationToken.None);

        var s = Assert.IsType<DownloadOutcome.Success>(outcome);
        Assert.Equal(Samples.Md5(video), s.Md5);

        // Over --max-filesize: real yt-dlp exits 0 and writes nothing.
        var small = Downloader(real, o => { o.MaxBytes = 50_000; o.ProcessTimeout = TimeSpan.FromSeconds(30); });
        Assert.Equal(DownloadFailureKind.TooLarge, Failed(await small.DownloadAsync(clip, Target, CancellationToken.None)).Kind);
    }
}
