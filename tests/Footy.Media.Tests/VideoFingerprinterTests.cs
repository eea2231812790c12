namespace Footy.Media.Tests;

public sealed class FingerprintFixture : IAsyncLifetime
{
    public TestMedia Media { get; } = new();
    public string Clip { get; private set; } = "";
    public string Letterboxed { get; private set; } = "";
    public string Pillarboxed { get; private set; } = "";
    public string Truncated { get; private set; } = "";
    public ClipProbe ClipProbe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Clip = await Media.SceneAsync("clip.mp4", 640, 360, 6);
        var bars = await Task.WhenAll(
            Media.FfmpegAsync("letterbox.mp4", "-i", Clip, "-vf", "pad=640:640:0:140:black", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "24", "{out}"),
            Media.FfmpegAsync("pillarbox.mp4", "-i", Clip, "-vf", "pad=960:360:160:0:black", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "24", "{out}"));
        (Letterboxed, Pillarboxed) = (bars[0], bars[1]);
        // moov at the front (+faststart): a download cut in half still probes with the full duration.
        var bytes = await File.ReadAllBytesAsync(Clip);
        Truncated = Media.PathOf("half.mp4");
        await File.WriteAllBytesAsync(Truncated, bytes[..(bytes.Length / 2)]);
        ClipProbe = (await new ClipProber().ProbeAsync(Clip)).Probe!;
    }

    public Task DisposeAsync()
    {
        Media.Dispose();
        return Task.CompletedTask;
    }
}

public class VideoFingerprinterTests(FingerprintFixture fx) : IClassFixture<FingerprintFixture>
{
    private static VideoFingerprinter Fingerprinter(MediaToolsOptions? tools = null, FingerprintOptions? options = null) => new(tools, options);

    [Fact]
    public async Task Samples_four_frames_per_second_with_mirror_hashes()
    {
        using var fingerprinter = Fingerprinter();
        var outcome = await fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe);
        Assert.True(outcome.Succeeded, outcome.ToString());
        var fp = outcome.Fingerprint!;
        Assert.Equal(0.25, fp.FrameIntervalSeconds);
        Assert.InRange(fp.FrameCount, 23, 25);
        Assert.Equal(fp.FrameCount, fp.MirrorHashes.Length);
        Assert.Null(fp.Crop);
        Assert.Equal(fx.ClipProbe.DurationSeconds, fp.DurationSeconds);
        Assert.True(fp.Hashes.Zip(fp.MirrorHashes).Count(p => p.First != p.Second) > fp.FrameCount / 2);
        // consecutive frames of moving footage differ, but far less than unrelated pictures
        var steps = fp.Hashes.Zip(fp.Hashes.Skip(1)).Select(p => PerceptualHash.Distance(p.First, p.Second)).ToList();
        Assert.True(steps.Average() < 20, $"mean step {steps.Average():0.0}");
    }

    [Fact]
    public async Task Fingerprints_are_deterministic_and_probe_when_no_probe_is_given()
    {
        using var fingerprinter = Fingerprinter();
        var first = await fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe);
        var second = await fingerprinter.FingerprintAsync(fx.Clip);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.True(FingerprintMatcher.Compare(first.Fingerprint!, second.Fingerprint!).IsMatch);
    }

    [Theory]
    [InlineData("letterbox", "crop=640:360:0:140")]
    [InlineData("pillarbox", "crop=640:360:160:0")]
    public async Task Bars_are_detected_and_cropped_so_the_copy_matches(string which, string expectedCrop)
    {
        using var fingerprinter = Fingerprinter();
        var original = (await fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe)).Fingerprint!;
        var barred = await fingerprinter.FingerprintAsync(which == "letterbox" ? fx.Letterboxed : fx.Pillarboxed);
        Assert.Equal(expectedCrop, barred.Fingerprint!.Crop);
        var match = FingerprintMatcher.Compare(original, barred.Fingerprint);
        Assert.True(match.IsMatch, match.ToString());
        Assert.Equal(0, match.OffsetSeconds);
        Assert.True(match.MeanDistance <= 6, $"mean distance {match.MeanDistance:0.0}");
    }

    [Fact]
    public async Task Without_the_crop_the_bars_would_ruin_the_hashes()
    {
        using var fingerprinter = Fingerprinter();
        var probe = (await new ClipProber().ProbeAsync(fx.Letterboxed)).Probe!;
        var (capture, _) = await fingerprinter.CaptureAsync(fx.Letterboxed, probe, CancellationToken.None);
        var original = (await fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe)).Fingerprint!;
        var cropped = FingerprintMatcher.Compare(original, capture!.ToFingerprint(VideoFingerprinter.HashMarginFraction));
        var uncropped = FingerprintMatcher.Compare(original, capture.WithCrop(null).ToFingerprint(VideoFingerprinter.HashMarginFraction));
        Assert.True(uncropped.MeanDistance > 2 * cropped.MeanDistance + 6,
            $"cropped {cropped.MeanDistance:0.0} vs uncropped {uncropped.MeanDistance:0.0}");
    }

    [Fact]
    public async Task A_half_downloaded_file_that_still_probes_is_reported_truncated()
    {
        var probe = await new ClipProber().ProbeAsync(fx.Truncated);
        Assert.True(probe.Succeeded, "moov at the front: the container still claims the full duration");
        using var fingerprinter = Fingerprinter();
        var outcome = await fingerprinter.FingerprintAsync(fx.Truncated, probe.Probe);
        Assert.Equal(FingerprintFailureKind.Truncated, outcome.FailureKind);
        Assert.Contains("could be decoded", outcome.Reason);
    }

    [Fact]
    public async Task Files_that_are_not_videos_are_unreadable()
    {
        var path = fx.Media.PathOf("page.mp4");
        await File.WriteAllTextAsync(path, "<html>rate limited</html>");
        using var fingerprinter = Fingerprinter();
        var outcome = await fingerprinter.FingerprintAsync(path);
        Assert.Equal(FingerprintFailureKind.Unreadable, outcome.FailureKind);
    }

    [Fact]
    public async Task Tool_problems_are_typed_failures()
    {
        using var missing = Fingerprinter(new MediaToolsOptions { FfmpegPath = "/nowhere/ffmpeg" });
        var m = await missing.FingerprintAsync(fx.Clip, fx.ClipProbe);
        Assert.Equal(FingerprintFailureKind.ToolFailure, m.FailureKind);
        Assert.IsType<ToolFailure.ToolMissing>(m.ToolFailure);

        using var capped = Fingerprinter(new MediaToolsOptions { MaxOutputBytes = 4 * 128 * 128 });
        var c = await capped.FingerprintAsync(fx.Clip, fx.ClipProbe);
        Assert.IsType<ToolFailure.OutputTooLarge>(c.ToolFailure);

        using var slow = Fingerprinter(new MediaToolsOptions { ProcessTimeout = TimeSpan.FromMilliseconds(5) });
        var t = await slow.FingerprintAsync(fx.Clip, fx.ClipProbe);
        Assert.IsType<ToolFailure.TimedOut>(t.ToolFailure);
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        using var fingerprinter = Fingerprinter();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe, cts.Token));
    }

    [Fact]
    public async Task Concurrent_calls_beyond_the_limit_wait_their_turn()
    {
        using var fingerprinter = Fingerprinter(new MediaToolsOptions { HashConcurrency = 1 });
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe)));
        Assert.All(results, r => Assert.Equal(results[0].Fingerprint, r.Fingerprint));
    }

    [Fact]
    public async Task The_sampling_rate_is_configurable()
    {
        using var fingerprinter = Fingerprinter(options: new FingerprintOptions(FramesPerSecond: 2));
        var fp = (await fingerprinter.FingerprintAsync(fx.Clip, fx.ClipProbe)).Fingerprint!;
        Assert.Equal(0.5, fp.FrameIntervalSeconds);
        Assert.InRange(fp.FrameCount, 11, 13);
        using var four = Fingerprinter();
        var dense = (await four.FingerprintAsync(fx.Clip, fx.ClipProbe)).Fingerprint!;
        Assert.True(FingerprintMatcher.Compare(fp, dense).IsMatch, "fingerprints at different rates still compare");
    }

    [Fact]
    public void The_ffmpeg_command_is_one_process_with_a_file_url_and_timestamp_sampling()
    {
        using var fingerprinter = Fingerprinter();
        var args = fingerprinter.BuildArguments("/tmp/some clip; rm -rf.mp4");
        Assert.Contains("file:/tmp/some clip; rm -rf.mp4", args);
        var graph = args[args.ToList().IndexOf("-filter_complex") + 1];
        Assert.StartsWith("[0:V:0]fps=4,", graph);
        Assert.Contains("cropdetect=limit=24:round=2:reset=1:skip=0", graph);
        Assert.Contains("scale=128:128:flags=area,format=gray", graph);
        // decoder shortcuts before the input; never keyframes only (nokey) nor all B-frames (bidir, unsafe with B references)
        var list = args.ToList();
        Assert.Equal("noref", args[list.IndexOf("-skip_frame") + 1]);
        Assert.Equal("all", args[list.IndexOf("-skip_loop_filter") + 1]);
        Assert.True(list.IndexOf("-skip_frame") < list.IndexOf("-i"));
        Assert.Equal("pipe:1", args[^1]);

        using var exact = Fingerprinter(options: FingerprintOptions.Default with { DecodeShortcuts = false });
        Assert.DoesNotContain("-skip_frame", exact.BuildArguments("clip.mp4"));
        Assert.DoesNotContain("-skip_loop_filter", exact.BuildArguments("clip.mp4"));
    }

    [Fact]
    public async Task Decoder_shortcuts_leave_the_fingerprint_of_a_clip_with_B_frame_references_nearly_unchanged()
    {
        // x264 medium: B-frames, B-pyramid and 3 reference frames, so P-frames may refer to B-frames
        var clip = await fx.Media.FfmpegAsync("medium.mp4", "-i", fx.Clip, "-c:v", "libx264", "-preset", "medium", "-crf", "23", "{out}");
        var probe = (await new ClipProber().ProbeAsync(clip)).Probe!;
        using var shortcuts = Fingerprinter();
        using var exact = Fingerprinter(options: FingerprintOptions.Default with { DecodeShortcuts = false });
        var fast = (await shortcuts.FingerprintAsync(clip, probe)).Fingerprint!;
        var full = (await exact.FingerprintAsync(clip, probe)).Fingerprint!;

        Assert.Equal(full.FrameCount, fast.FrameCount);
        var distances = full.Hashes.Zip(fast.Hashes).Select(p => PerceptualHash.Distance(p.First, p.Second)).ToList();
        Assert.True(distances.Average() <= 4, $"mean per-frame distance {distances.Average():0.0}: {string.Join(" ", distances)}");
        var match = FingerprintMatcher.Compare(full, fast);
        Assert.True(match.IsMatch, match.ToString());
        Assert.Equal(0, match.OffsetSeconds);
        Assert.True(match.MatchingFraction >= 0.95, match.ToString());
    }
}
