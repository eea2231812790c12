using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Footy.Discovery.Tests;

public sealed class HttpClipDownloaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static HttpClipDownloader Downloader(Action<DownloadOptions>? tweak = null, bool allowLoopback = true, ListLogger<HttpClipDownloader>? logger = null)
    {
        var o = new DownloadOptions
        {
            MaxBytes = 1024 * 1024,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            IdleTimeout = TimeSpan.FromSeconds(2),
            OverallTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryAfterCap = TimeSpan.FromMilliseconds(50),
            CircuitMinimumThroughput = 100,
            AllowedHosts = allowLoopback ? ["127.0.0.1"] : [],
        };
        tweak?.Invoke(o);
        return new HttpClipDownloader(o, logger ?? new ListLogger<HttpClipDownloader>());
    }

    private string Target => _dir.Combine("out/clip.mp4");

    private void AssertNothingLeft()
    {
        Assert.False(File.Exists(Target), "target left behind");
        Assert.False(File.Exists(Target + ".part"), ".part left behind");
    }

    private static DownloadOutcome.Failure Failed(DownloadOutcome o) => Assert.IsType<DownloadOutcome.Failure>(o);

    [Fact]
    public async Task Streams_a_video_to_disk_with_md5()
    {
        var video = Samples.Mp4(300_000);
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, "video/mp4", video));
        using var d = Downloader();
        var clip = new DiscoveredClip("1", "search", server.Url("v/clip.mp4?tag=14"), null, "t", null, DateTimeOffset.UnixEpoch);

        var outcome = await d.DownloadAsync(clip, Target, CancellationToken.None);

        var s = Assert.IsType<DownloadOutcome.Success>(outcome);
        Assert.Equal(Path.GetFullPath(Target), s.FilePath);
        Assert.Equal(video.Length, s.Bytes);
        Assert.Equal(Samples.Md5(video), s.Md5);
        Assert.Equal("video/mp4", s.ContentType);
        Assert.Equal(server.Url("v/clip.mp4?tag=14"), s.FinalUrl);
        Assert.Equal(video, await File.ReadAllBytesAsync(Target));
        Assert.False(File.Exists(Target + ".part"));
        Assert.Contains("identity", server.Requests.Single().Headers["accept-encoding"]);
    }

    [Theory]
    [InlineData("application/octet-stream", "video/mp4")]
    [InlineData("binary/octet-stream", "video/mp4")]
    [InlineData("", "video/mp4")]
    [InlineData("video/webm", "video/webm")]
    public async Task Octet_stream_or_missing_type_is_accepted_when_the_bytes_are_video(string type, string expected)
    {
        var video = Samples.Mp4(5000);
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, type, video));
        using var d = Downloader();
        var s = Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(expected, s.ContentType);
    }

    [Fact]
    public async Task Webm_and_quicktime_signatures_are_recognised()
    {
        byte[] webm = [0x1A, 0x45, 0xDF, 0xA3, .. new byte[600]];
        byte[] mov = [0, 0, 0, 8, (byte)'w', (byte)'i', (byte)'d', (byte)'e', .. new byte[600]];
        await using var server = await FakeServer.StartAsync((ctx, n) => FakeServer.Send(ctx, 200, "application/octet-stream", n == 1 ? webm : mov));
        using var d = Downloader();
        Assert.Equal("video/webm", Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(server.Url("a"), Target, CancellationToken.None)).ContentType);
        Assert.Equal("video/quicktime", Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(server.Url("b"), Target, CancellationToken.None)).ContentType);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Video</title></head><body>This video is not available in your country</body></html>")]
    [InlineData("video/mp4", "<!DOCTYPE html><html><body>Surprise, a login page served as video/mp4</body></html>")]
    [InlineData("application/octet-stream", "{\"error\":\"expired signature\"}")]
    [InlineData("application/vnd.apple.mpegurl", "#EXTM3U\n#EXT-X-VERSION:3\n")]
    [InlineData("application/x-mpegURL", "#EXTM3U\n")]
    [InlineData("image/jpeg", "\u00ff\u00d8\u00ff\u00e0")]
    [InlineData("video/mp4", "")]
    [InlineData("video/mp4", "GIF89a")]
    public async Task Bodies_that_are_not_video_are_refused(string type, string body)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, type, Encoding.UTF8.GetBytes(body)));
        using var d = Downloader();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.NotAVideo, f.Kind);
        Assert.Equal(1, server.RequestCount);
        AssertNothingLeft();
    }

    [Theory]
    [InlineData(404, DownloadFailureKind.NotFound)]
    [InlineData(410, DownloadFailureKind.NotFound)]
    [InlineData(403, DownloadFailureKind.Forbidden)]
    [InlineData(401, DownloadFailureKind.Forbidden)]
    [InlineData(451, DownloadFailureKind.Forbidden)]
    [InlineData(400, DownloadFailureKind.HttpError)]
    public async Task Final_http_errors_are_not_retried(int status, DownloadFailureKind kind)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, status, "text/html", "<html>no</html>"u8.ToArray()));
        using var d = Downloader();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(kind, f.Kind);
        Assert.Equal(status, f.HttpStatus);
        Assert.Equal(1, server.RequestCount);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Server_errors_and_429_are_retried_honouring_a_capped_retry_after()
    {
        var video = Samples.Mp4(2000);
        await using var server = await FakeServer.StartAsync((ctx, n) => n switch
        {
            1 => FakeServer.Send(ctx, 503, "text/plain", "busy"u8.ToArray()),
            2 => FakeServer.Send(ctx, 429, "text/plain", "slow down"u8.ToArray(), new Dictionary<string, string> { ["Retry-After"] = "3600" }),
            _ => FakeServer.Send(ctx, 200, "video/mp4", video),
        });
        using var d = Downloader();
        var sw = Stopwatch.StartNew();
        Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(3, server.RequestCount);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString()); // an hour without the cap
    }

    [Fact]
    public async Task Retries_run_out()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) =>
            FakeServer.Send(ctx, 429, "text/plain", Array.Empty<byte>(), new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using var d = Downloader();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.RateLimited, f.Kind);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Declared_size_over_the_cap_is_refused_before_reading()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "video/mp4";
            ctx.Response.ContentLength = 5L * 1024 * 1024 * 1024;
            await ctx.Response.Body.WriteAsync(Samples.Mp4(1000));
            await Task.Delay(120_000, ctx.RequestAborted);
        });
        using var d = Downloader();
        var sw = Stopwatch.StartNew();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.TooLarge, f.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString());
        AssertNothingLeft();
    }

    [Fact]
    public async Task Endless_body_stops_at_the_cap()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "video/mp4";
            await ctx.Response.Body.WriteAsync(Samples.Mp4(64 * 1024));
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 100_000 && !ctx.RequestAborted.IsCancellationRequested; i++)
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        });
        using var d = Downloader(o => o.MaxBytes = 512 * 1024);
        var sw = Stopwatch.StartNew();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.TooLarge, f.Kind);
        Assert.Equal(1, server.RequestCount);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString());
        AssertNothingLeft();
    }

    [Fact]
    public async Task Stalled_body_hits_the_idle_timeout_and_is_retried()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "video/mp4";
            ctx.Response.ContentLength = 100_000;
            await ctx.Response.Body.WriteAsync(Samples.Mp4(1000));
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(30_000, ctx.RequestAborted);
        });
        using var d = Downloader(o => { o.IdleTimeout = TimeSpan.FromMilliseconds(300); o.MaxRetries = 1; });
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Timeout, f.Kind);
        Assert.Equal(2, server.RequestCount);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Slow_headers_hit_the_idle_timeout()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) => await Task.Delay(30_000, ctx.RequestAborted));
        using var d = Downloader(o => { o.IdleTimeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; });
        Assert.Equal(DownloadFailureKind.Timeout, Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Trickling_body_hits_the_overall_timeout()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "video/mp4";
            await ctx.Response.Body.WriteAsync(Samples.Mp4(1000));
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                await ctx.Response.Body.WriteAsync(new byte[1], ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(50, ctx.RequestAborted);
            }
        });
        using var d = Downloader(o => { o.IdleTimeout = TimeSpan.FromMilliseconds(500); o.OverallTimeout = TimeSpan.FromMilliseconds(1200); });
        var sw = Stopwatch.StartNew();
        var f = Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Timeout, f.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString()); // the trickle never ends
        AssertNothingLeft();
    }

    [Fact]
    public async Task Body_cut_short_is_a_network_failure_and_retried()
    {
        await using var server = CutShortServer.Start("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100000\r\n\r\n", Samples.Mp4(5000));
        using var d = Downloader(o => o.MaxRetries = 1);
        var f = Failed(await d.DownloadAsync(new Uri(server.BaseUrl, "v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Network, f.Kind);
        Assert.StartsWith("body cut short after 5000 bytes: ", f.Reason);
        Assert.Equal(200, f.HttpStatus);
        Assert.Equal(2, server.RequestCount);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Follows_redirects_by_hand()
    {
        var video = Samples.Mp4(3000);
        await using var server = await FakeServer.StartAsync((ctx, _) =>
        {
            switch (ctx.Request.Path.Value)
            {
                case "/a":
                    return FakeServer.Redirect(ctx, "/b?x=1");
                case "/b":
                    return FakeServer.Redirect(ctx, new Uri(new Uri(ctx.Request.Scheme + "://" + ctx.Request.Host), "/c").AbsoluteUri, 303);
                case "/c":
                    return FakeServer.Redirect(ctx, "video.mp4", 308);
                default:
                    return FakeServer.Send(ctx, 200, "video/mp4", video);
            }
        });
        using var d = Downloader();
        var s = Assert.IsType<DownloadOutcome.Success>(await d.DownloadAsync(server.Url("a"), Target, CancellationToken.None));
        Assert.Equal(server.Url("video.mp4"), s.FinalUrl);
        Assert.Equal(["/a", "/b", "/c", "/video.mp4"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Redirect_loops_and_long_chains_are_stopped()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) =>
        {
            var p = ctx.Request.Path.Value!;
            return FakeServer.Redirect(ctx, p switch
            {
                "/loop/a" => "/loop/b",
                "/loop/b" => "/loop/a",
                _ => "/chain/" + (int.Parse(p.Split('/')[^1]) + 1),
            }, 301);
        });
        using var d = Downloader();
        var loop = Failed(await d.DownloadAsync(server.Url("loop/a"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.TooManyRedirects, loop.Kind);
        Assert.Contains("loop", loop.Reason);
        Assert.Equal(2, server.RequestCount);

        var chain = Failed(await d.DownloadAsync(server.Url("chain/1"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.TooManyRedirects, chain.Kind);
        Assert.Equal(2 + 6, server.RequestCount); // the first hop plus 5 redirects followed
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://10.0.0.1/internal")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://[::ffff:169.254.169.254]/x")]
    [InlineData("http://0x7f000002/x")]
    [InlineData("http://2130706434/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:6379/_INFO")]
    [InlineData("ftp://example.org/x.mp4")]
    public async Task Redirects_to_unsafe_addresses_are_refused(string location)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Redirect(ctx, location));
        using var d = Downloader();
        var f = Failed(await d.DownloadAsync(server.Url("start"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Refused, f.Kind);
        Assert.Equal(1, server.RequestCount);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allow_listed_by_ip_even_through_dns()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, "video/mp4", Samples.Mp4(1000)));
        var port = server.BaseUrl.Port;
        using var strict = Downloader(allowLoopback: false);
        var direct = Failed(await strict.DownloadAsync(server.Url("v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Refused, direct.Kind);
        var viaDns = Failed(await strict.DownloadAsync(new Uri($"http://localhost:{port}/v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Refused, viaDns.Kind);
        Assert.Contains("loopback", viaDns.Reason);
        Assert.Equal(0, server.RequestCount);

        // Allow-listed by host name: that host is trusted, a redirect to the bare IP is not.
        using var byName = Downloader(o => o.AllowedHosts = ["localhost"], allowLoopback: false);
        Assert.IsType<DownloadOutcome.Success>(await byName.DownloadAsync(new Uri($"http://localhost:{port}/v"), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Refused, Failed(await byName.DownloadAsync(server.Url("v"), Target, CancellationToken.None)).Kind);
    }

    [Theory]
    [InlineData("http://0177.0.0.1/x", "loopback")]               // octal
    [InlineData("http://0x7f.0.0.1/x", "loopback")]               // hex
    [InlineData("http://127.1/x", "loopback")]                    // short form
    [InlineData("http://0/x", "'this network'")]                  // 0.0.0.0
    [InlineData("http://0.0.0.0:8080/x", "'this network'")]
    [InlineData("http://2852039166/latest/meta-data/", "link-local/cloud metadata")] // 169.254.169.254 as one decimal
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local/cloud metadata")]
    [InlineData("http://[::ffff:a9fe:a9fe]/latest/meta-data/", "link-local/cloud metadata")] // IPv4-mapped metadata
    [InlineData("http://[::ffff:7f00:1]/x", "loopback")]          // IPv4-mapped loopback
    [InlineData("http://[::1]/x", "loopback")]
    [InlineData("http://[::]/x", "unspecified")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "unique local/cloud metadata")]
    [InlineData("http://[fd12:3456::1]/x", "unique local/cloud metadata")]
    [InlineData("http://[fe80::1]/x", "link-local")]
    [InlineData("http://192.168.1.1/x", "private")]
    [InlineData("http://100.100.100.200/x", "CGNAT/shared")]
    public async Task Unsafe_addresses_are_refused_before_any_connection_whatever_their_spelling(string url, string why)
    {
        var logger = new ListLogger<HttpClipDownloader>();
        using var d = Downloader(allowLoopback: false, logger: logger);

        var f = Failed(await d.DownloadAsync(new Uri(url), Target, CancellationToken.None));

        Assert.Equal(DownloadFailureKind.Refused, f.Kind);
        Assert.StartsWith("address refused: ", f.Reason);
        Assert.EndsWith(" is " + why, f.Reason);
        Assert.Null(f.HttpStatus);
        Assert.Contains(logger.Entries, e => e.Message.Contains("refused") && e.Message.Contains(why));
        AssertNothingLeft();
    }

    [Theory]
    [InlineData("file:///etc/passwd", "scheme 'file' is not http or https")]
    [InlineData("ftp://example.org/goal.mp4", "scheme 'ftp' is not http or https")]
    [InlineData("gopher://127.0.0.1:6379/_INFO", "scheme 'gopher' is not http or https")]
    public async Task Only_http_and_https_are_fetched(string url, string reason)
    {
        using var d = Downloader();
        var f = Failed(await d.DownloadAsync(new Uri(url), Target, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.Refused, f.Kind);
        Assert.Equal(reason, f.Reason);
    }

    [Fact]
    public async Task A_redirect_to_a_host_name_is_checked_after_dns_resolution()
    {
        // The start host is trusted by name; the redirect names this machine, which resolves to a loopback or
        // private address: refused at connect time, after DNS, although the name itself looks harmless.
        var machine = System.Net.Dns.GetHostName();
        await using var server = await FakeServer.StartAsync((ctx, _) => ctx.Request.Path == "/start"
            ? FakeServer.Redirect(ctx, $"http://{machine}:{ctx.Request.Host.Port}/video.mp4")
            : FakeServer.Send(ctx, 200, "video/mp4", Samples.Mp4(1000)));
        using var d = Downloader(o => o.AllowedHosts = ["localhost"], allowLoopback: false);

        var f = Failed(await d.DownloadAsync(new Uri($"http://localhost:{server.BaseUrl.Port}/start"), Target, CancellationToken.None));

        Assert.Equal(DownloadFailureKind.Refused, f.Kind);
        Assert.StartsWith($"address refused for {machine}: ", f.Reason);
        Assert.Equal(["/start"], server.Requests.Select(r => r.Path));
        AssertNothingLeft();
    }

    [Fact]
    public async Task Credentials_and_signed_query_strings_stay_out_of_logs_and_reasons()
    {
        var logger = new ListLogger<HttpClipDownloader>();
        await using var server = await FakeServer.StartAsync((ctx, _) => ctx.Request.Path.Value switch
        {
            "/signed" => FakeServer.Redirect(ctx, "/geo?token=SIGNED-CDN-TOKEN"),
            "/loop" => FakeServer.Redirect(ctx, "/loop"),
            _ => FakeServer.Send(ctx, 403, "text/html", "<html>not in your country</html>"u8.ToArray()),
        });
        using var d = Downloader(logger: logger);
        var withSecrets = $"http://clipuser:hunter2-pass@127.0.0.1:{server.BaseUrl.Port}";

        var forbidden = Failed(await d.DownloadAsync(new Uri(withSecrets + "/signed?sig=QUERY-SIGNATURE"), Target, CancellationToken.None));
        var loop = Failed(await d.DownloadAsync(new Uri(withSecrets + "/loop?sig=QUERY-SIGNATURE"), Target, CancellationToken.None));

        Assert.Equal(DownloadFailureKind.Forbidden, forbidden.Kind);
        Assert.Equal(403, forbidden.HttpStatus);
        Assert.Equal(DownloadFailureKind.TooManyRedirects, loop.Kind);
        Assert.Equal($"redirect loop back to http://127.0.0.1:{server.BaseUrl.Port}/loop", loop.Reason);
        Assert.Contains(logger.Entries, e => e.Message.Contains($"http://127.0.0.1:{server.BaseUrl.Port}/signed"));
        foreach (var secret in new[] { "hunter2-pass", "clipuser", "QUERY-SIGNATURE", "SIGNED-CDN-TOKEN" })
        {
            Assert.DoesNotContain(secret, forbidden.Reason + loop.Reason);
            Assert.DoesNotContain(logger.Entries, e => e.Everything.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Circuit_opens_per_host_after_repeated_failures()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 502, "text/plain", []));
        using var d = Downloader(o =>
        {
            o.MaxRetries = 0;
            o.CircuitMinimumThroughput = 3;
            o.CircuitFailureRatio = 0.5;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
        });
        for (var i = 0; i < 3; i++)
            Assert.Equal(DownloadFailureKind.HttpError, Failed(await d.DownloadAsync(server.Url("v" + i), Target, CancellationToken.None)).Kind);
        Assert.Equal(DownloadFailureKind.CircuitOpen, Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None)).Kind);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Clip_without_video_url_is_unsupported_and_cancellation_leaves_nothing()
    {
        using var d = Downloader();
        var page = new DiscoveredClip("1", "reddit", null, new Uri("https://streamable.com/x"), "t", null, DateTimeOffset.UnixEpoch);
        Assert.Equal(DownloadFailureKind.Unsupported, Failed(await d.DownloadAsync(page, Target, CancellationToken.None)).Kind);

        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "video/mp4";
            await ctx.Response.Body.WriteAsync(Samples.Mp4(10_000));
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(30_000, ctx.RequestAborted);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => d.DownloadAsync(server.Url("v"), Target, cts.Token));
        AssertNothingLeft();
    }

    [Fact]
    public async Task Redirect_without_location_is_an_http_error()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => { ctx.Response.StatusCode = 302; return Task.CompletedTask; });
        using var d = Downloader();
        Assert.Equal(DownloadFailureKind.HttpError, Failed(await d.DownloadAsync(server.Url("v"), Target, CancellationToken.None)).Kind);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new DownloadOptions { MaxBytes = 10 }.Validate());
        Assert.Throws<ArgumentException>(() => new DownloadOptions { AllowedHosts = ["not a host!"] }.Validate());
        Assert.Throws<ArgumentException>(() => new DownloadOptions { MaxRedirects = -1 }.Validate());
    }
}
