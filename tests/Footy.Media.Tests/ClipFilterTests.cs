namespace Footy.Media.Tests;

public class ClipFilterTests
{
    private static ClipProbe Clip(int w = 1280, int h = 720, double seconds = 30, bool video = true) =>
        new(seconds, w, h, video ? "h264" : "", 2_000_000, 5_000_000, video);

    private static readonly ClipFilter Filter = new();

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    [InlineData(1066, 600)]  // exactly the minimum short edge, aspect 1.777
    [InlineData(1050, 600)]  // aspect 1.75 exactly
    [InlineData(1092, 600)]  // aspect 1.82 exactly
    public void Accepts_broadcast_shaped_clips(int w, int h) => Assert.True(Filter.Check(Clip(w, h)).Accepted);

    [Fact]
    public void Rejects_a_small_short_edge_with_a_human_reason()
    {
        var verdict = Filter.Check(Clip(854, 480));
        Assert.False(verdict.Accepted);
        Assert.Equal(["short edge 480 px < 600"], verdict.Reasons);
        Assert.Equal("Rejected: short edge 480 px < 600", verdict.ToString());
    }

    [Theory]
    [InlineData(1280, 960, "aspect 1.333 (1280x960) outside 1.75-1.82")]
    [InlineData(720, 1280, "aspect 0.563 (720x1280) outside 1.75-1.82")]
    [InlineData(1048, 600, "aspect 1.747 (1048x600) outside 1.75-1.82")]
    [InlineData(1094, 600, "aspect 1.823 (1094x600) outside 1.75-1.82")]
    public void Rejects_other_aspect_ratios(int w, int h, string reason) => Assert.Equal([reason], Filter.Check(Clip(w, h)).Reasons);

    [Theory]
    [InlineData(3.0, false, "duration 3 s <= 3 s")]
    [InlineData(2.5, false, "duration 2.5 s <= 3 s")]
    [InlineData(3.04, true, null)]
    [InlineData(90.0, true, null)]
    [InlineData(90.5, false, "duration 90.5 s > 90 s")]
    public void Duration_is_exclusive_at_3_and_inclusive_at_90(double seconds, bool accepted, string? reason)
    {
        var verdict = Filter.Check(Clip(seconds: seconds));
        Assert.Equal(accepted, verdict.Accepted);
        if (reason is not null) Assert.Equal([reason], verdict.Reasons);
    }

    [Fact]
    public void Lists_every_failed_rule()
    {
        var verdict = Filter.Check(Clip(640, 480, 120));
        Assert.Equal(3, verdict.Reasons.Count);
        Assert.Equal("short edge 480 px < 600; aspect 1.333 (640x480) outside 1.75-1.82; duration 120 s > 90 s", verdict.Reason);
    }

    [Fact]
    public void Audio_only_is_rejected()
        => Assert.Equal(["no video stream"], Filter.Check(Clip(0, 0, 30, video: false)).Reasons);

    [Fact]
    public void Options_are_configurable()
    {
        var lenient = new ClipFilter(new ClipFilterOptions(MinShortEdge: 360, MinAspect: 1.3, MaxAspect: 1.8, MinDurationExclusive: 1, MaxDuration: 180));
        Assert.True(lenient.Check(Clip(640, 480, 120)).Accepted);
        Assert.Equal(["short edge 240 px < 360"], lenient.Check(Clip(320, 240, 10)).Reasons);
    }
}

public class ClipFilesTests
{
    [Fact]
    public async Task Md5_is_lowercase_hex_of_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "The quick brown fox jumps over the lazy dog");
            Assert.Equal("9e107d9d372bb6826bd81d3542a419d6", await ClipFiles.Md5HexAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
