using System.Text;

namespace Footy.Media.Tests;

public sealed class ProbeFixture : IAsyncLifetime
{
    public TestMedia Media { get; } = new();
    public string Normal { get; private set; } = "";
    public string Rotated { get; private set; } = "";
    public string Anamorphic { get; private set; } = "";
    public string AudioOnly { get; private set; } = "";
    public string Png { get; private set; } = "";
    public string Truncated { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var tasks = new[]
        {
            Media.FfmpegAsync("normal.mp4", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=4", "-f", "lavfi", "-i", "sine=d=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", "{out}"),
            Media.FfmpegAsync("anamorphic.mkv", "-f", "lavfi", "-i", "testsrc2=s=960x720:r=25:d=4", "-vf", "setsar=4/3",
                "-c:v", "libx264", "-preset", "ultrafast", "{out}"),
            Media.FfmpegAsync("audio.m4a", "-f", "lavfi", "-i", "sine=d=4", "-c:a", "aac", "{out}"),
            Media.FfmpegAsync("still.png", "-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", "{out}"),
        };
        var paths = await Task.WhenAll(tasks);
        (Normal, Anamorphic, AudioOnly, Png) = (paths[0], paths[1], paths[2], paths[3]);
        Rotated = await Media.FfmpegAsync("rotated.mp4", "-i", Normal, "-c", "copy", "-metadata:s:v", "rotate=90", "{out}");
        // moov atom at the end (no faststart): cutting the file loses it, like an interrupted download.
        var bytes = await File.ReadAllBytesAsync(Normal);
        Truncated = Media.PathOf("truncated.mp4");
        await File.WriteAllBytesAsync(Truncated, bytes[..(bytes.Length * 6 / 10)]);
    }

    public Task DisposeAsync()
    {
        Media.Dispose();
        return Task.CompletedTask;
    }
}

public class ClipProbeTests(ProbeFixture fx) : IClassFixture<ProbeFixture>
{
    private readonly ClipProber _prober = new();

    [Fact]
    public async Task Probes_a_normal_clip()
    {
        var outcome = await _prober.ProbeAsync(fx.Normal);
        Assert.True(outcome.Succeeded, outcome.ToString());
        var p = outcome.Probe!;
        Assert.Equal((1280, 720), (p.Width, p.Height));
        Assert.Equal("h264", p.VideoCodec);
        Assert.InRange(p.DurationSeconds, 3.9, 4.2);
        Assert.True(p.HasVideo);
        Assert.True(p.BitRate > 10_000, $"bit rate {p.BitRate}");
        Assert.Equal(new FileInfo(fx.Normal).Length, p.Bytes);
        Assert.Equal(720, p.ShortEdge);
    }

    [Fact]
    public async Task Rotation_side_data_swaps_the_display_dimensions()
    {
        var p = (await _prober.ProbeAsync(fx.Rotated)).Probe!;
        Assert.Equal((720, 1280), (p.Width, p.Height));
        Assert.True(new ClipFilter().Check(p).Reasons.Any(r => r.StartsWith("aspect 0.563")), "portrait must fail the 16:9 filter");
    }

    [Fact]
    public async Task Sample_aspect_ratio_widens_the_display_width()
    {
        var p = (await _prober.ProbeAsync(fx.Anamorphic)).Probe!;
        Assert.Equal((1280, 720), (p.Width, p.Height)); // 960x720 coded, SAR 4:3
        Assert.True(new ClipFilter().Check(p).Accepted);
    }

    [Fact]
    public async Task Audio_only_file_probes_without_video()
    {
        var outcome = await _prober.ProbeAsync(fx.AudioOnly);
        Assert.True(outcome.Succeeded, outcome.ToString());
        Assert.False(outcome.Probe!.HasVideo);
        Assert.Equal(0, outcome.Probe.Width);
        Assert.Equal(["no video stream"], new ClipFilter().Check(outcome.Probe).Reasons);
    }

    [Fact]
    public async Task Html_error_page_saved_as_mp4_is_not_a_video()
    {
        var path = fx.Media.PathOf("403.mp4");
        await File.WriteAllTextAsync(path, "<!DOCTYPE html><html><body>403 Forbidden</body></html>");
        var outcome = await _prober.ProbeAsync(path);
        Assert.Equal(ProbeFailureKind.NotAVideo, outcome.FailureKind);
        Assert.Contains("HTML", outcome.Reason);
    }

    [Fact]
    public async Task Still_image_is_not_a_video()
    {
        var outcome = await _prober.ProbeAsync(fx.Png);
        Assert.Equal(ProbeFailureKind.NotAVideo, outcome.FailureKind);
        Assert.Null(outcome.Probe);
    }

    [Fact]
    public async Task Truncated_download_is_corrupt()
    {
        var outcome = await _prober.ProbeAsync(fx.Truncated);
        Assert.Equal(ProbeFailureKind.Corrupt, outcome.FailureKind);
        Assert.Contains("moov", outcome.Reason);
    }

    [Fact]
    public async Task Empty_and_missing_files_are_corrupt()
    {
        var empty = fx.Media.PathOf("empty.mp4");
        await File.WriteAllBytesAsync(empty, []);
        Assert.Equal(ProbeFailureKind.Corrupt, (await _prober.ProbeAsync(empty)).FailureKind);
        var missing = await _prober.ProbeAsync(fx.Media.PathOf("nope.mp4"));
        Assert.Equal(ProbeFailureKind.Corrupt, missing.FailureKind);
        Assert.Contains("not found", missing.Reason);
    }

    [Fact]
    public async Task Garbage_with_an_mp4_signature_is_corrupt_not_foreign()
    {
        var path = fx.Media.PathOf("garbage.mp4");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        "\0\0\0\u0018ftypisom"u8.ToArray().CopyTo(bytes, 0);
        await File.WriteAllBytesAsync(path, bytes);
        var outcome = await _prober.ProbeAsync(path);
        Assert.Equal(ProbeFailureKind.Corrupt, outcome.FailureKind);
    }

    [Fact]
    public async Task Missing_ffprobe_is_a_tool_failure()
    {
        var outcome = await new ClipProber(new MediaToolsOptions { FfprobePath = "/opt/none/ffprobe" }).ProbeAsync(fx.Normal);
        Assert.Equal(ProbeFailureKind.ToolFailure, outcome.FailureKind);
        Assert.IsType<ToolFailure.ToolMissing>(outcome.ToolFailure);
    }

    [Fact]
    public async Task File_names_are_never_read_as_protocols_or_options()
    {
        // A local file literally named like an option or a URL must still be read as that local file.
        var weird = fx.Media.PathOf("-i http:x concat:y.mp4");
        File.Copy(fx.Normal, weird);
        var outcome = await _prober.ProbeAsync(weird);
        Assert.True(outcome.Succeeded, outcome.ToString());
    }

    [Theory]
    [InlineData(1280, 720, "1:1", 0, 1280, 720)]
    [InlineData(1280, 720, "0:1", 0, 1280, 720)]
    [InlineData(1440, 1080, "4:3", 0, 1920, 1080)]
    [InlineData(1280, 720, null, 90, 720, 1280)]
    [InlineData(1280, 720, "1:1", -90, 720, 1280)]
    [InlineData(1280, 720, "1:1", 180, 1280, 720)]
    [InlineData(1280, 720, "1:1", 270, 720, 1280)]
    [InlineData(1440, 1080, "4:3", -90, 1080, 1920)]
    public void Display_size_applies_sar_then_rotation(int w, int h, string? sar, double rotation, int ew, int eh)
        => Assert.Equal((ew, eh), ClipProber.DisplaySize(w, h, sar, rotation));

    [Fact]
    public void Interpret_reads_rotate_tags_and_ignores_cover_art()
    {
        const string json = """
        {"streams":[
          {"codec_type":"video","codec_name":"mjpeg","width":600,"height":600,"disposition":{"attached_pic":1}},
          {"codec_type":"video","codec_name":"hevc","width":1920,"height":1080,"sample_aspect_ratio":"1:1","tags":{"rotate":"270"}},
          {"codec_type":"audio","codec_name":"aac"}],
         "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"33.5","size":"4000000","bit_rate":"955000"}}
        """;
        var outcome = ClipProber.Interpret(Encoding.UTF8.GetBytes(json), 1);
        Assert.Equal(new ClipProbe(33.5, 1080, 1920, "hevc", 955000, 4000000, true), outcome.Probe);
    }

    [Fact]
    public void Interpret_rejects_missing_duration_and_falls_back_for_bit_rate()
    {
        var noDuration = ClipProber.Interpret("""{"streams":[{"codec_type":"video","width":10,"height":10}],"format":{"format_name":"mov"}}"""u8, 5);
        Assert.Equal(ProbeFailureKind.Corrupt, noDuration.FailureKind);

        var computed = ClipProber.Interpret("""{"streams":[{"codec_type":"video","codec_name":"vp9","width":1280,"height":720,"duration":"10"}],"format":{"format_name":"matroska,webm"}}"""u8, 1_250_000);
        Assert.Equal(1_000_000, computed.Probe!.BitRate); // bytes * 8 / duration
        Assert.Equal(10, computed.Probe.DurationSeconds);
    }
}
