using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Footy.Media.Tests;

public class PerceptualHashTests
{
    private static byte[] RandomFrame(int seed, int smooth = 4)
    {
        // Smooth random picture (blocks of random brightness, then a box blur) so it has low-frequency content.
        var rng = new Random(seed);
        var blocks = new double[32 / smooth + 1, 32 / smooth + 1];
        for (var y = 0; y < blocks.GetLength(0); y++)
            for (var x = 0; x < blocks.GetLength(1); x++) blocks[y, x] = rng.Next(256);
        var frame = new byte[1024];
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
            {
                double fy = (double)y / smooth, fx = (double)x / smooth;
                int y0 = (int)fy, x0 = (int)fx;
                double ty = fy - y0, tx = fx - x0;
                var v = blocks[y0, x0] * (1 - ty) * (1 - tx) + blocks[y0, Math.Min(x0 + 1, blocks.GetLength(1) - 1)] * (1 - ty) * tx
                      + blocks[Math.Min(y0 + 1, blocks.GetLength(0) - 1), x0] * ty * (1 - tx)
                      + blocks[Math.Min(y0 + 1, blocks.GetLength(0) - 1), Math.Min(x0 + 1, blocks.GetLength(1) - 1)] * ty * tx;
                frame[y * 32 + x] = (byte)Math.Clamp(v, 0, 255);
            }
        return frame;
    }

    private static byte[] Flip(byte[] frame)
    {
        var flipped = new byte[1024];
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++) flipped[y * 32 + x] = frame[y * 32 + 31 - x];
        return flipped;
    }

    [Fact]
    public void Separable_dct_equals_the_textbook_2d_dct()
    {
        var frame = RandomFrame(1);
        var fast = PerceptualHash.Coefficients(frame);
        for (var v = 1; v <= 8; v++)
            for (var u = 1; u <= 8; u++)
            {
                double sum = 0;
                for (var y = 0; y < 32; y++)
                    for (var x = 0; x < 32; x++)
                        sum += frame[y * 32 + x] * Math.Cos(Math.PI * (2 * x + 1) * u / 64) * Math.Cos(Math.PI * (2 * y + 1) * v / 64);
                var expected = sum * (2.0 / 32); // alpha(u) * alpha(v) = sqrt(2/32)^2 for u, v >= 1
                var actual = fast[(v - 1) * 8 + (u - 1)];
                Assert.True(Math.Abs(expected - actual) < 1e-3 * (1 + Math.Abs(expected)), $"({u},{v}): {expected} vs {actual}");
            }
    }

    [Property(MaxTest = 200)]
    public Property Mirror_hash_is_the_hash_of_the_flipped_frame() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var frame = RandomFrame(seed);
            var (hash, mirror) = PerceptualHash.Compute(frame);
            var (flippedHash, flippedMirror) = PerceptualHash.Compute(Flip(frame));
            // Equal up to float rounding at the median (at most a bit or two on exact ties).
            return PerceptualHash.Distance(mirror, flippedHash) <= 2 && PerceptualHash.Distance(hash, flippedMirror) <= 2;
        });

    [Property(MaxTest = 100)]
    public Property Brightness_and_contrast_changes_do_not_change_the_hash() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var frame = RandomFrame(seed);
            var adjusted = frame.Select(p => (byte)Math.Clamp(p * 0.7 + 30, 0, 255)).ToArray();
            // DC excluded and bits relative to the median: an affine change of luma keeps (almost) every bit.
            return PerceptualHash.Distance(PerceptualHash.Compute(frame).Hash, PerceptualHash.Compute(adjusted).Hash) <= 3;
        });

    [Fact]
    public void A_flat_frame_hashes_to_zero_and_unrelated_frames_are_far_apart()
    {
        Assert.Equal(0UL, PerceptualHash.Compute(Enumerable.Repeat((byte)128, 1024).ToArray()).Hash);
        var distances = Enumerable.Range(0, 200).Select(i => PerceptualHash.Distance(
            PerceptualHash.Compute(RandomFrame(1000 + i)).Hash, PerceptualHash.Compute(RandomFrame(5000 + i)).Hash)).ToList();
        Assert.InRange(distances.Average(), 26, 38);
        Assert.True(distances.Min() > 12, $"min {distances.Min()}");
    }

    [Fact]
    public void Half_of_the_bits_are_set()
    {
        // Median thresholding: exactly 32 of the 64 coefficients are above the median (no ties in a random frame).
        for (var i = 0; i < 50; i++)
            Assert.Equal(32, System.Numerics.BitOperations.PopCount(PerceptualHash.Compute(RandomFrame(i)).Hash));
    }

    [Fact]
    public void Small_noise_moves_few_bits()
    {
        var rng = new Random(3);
        var frame = RandomFrame(42);
        var noisy = frame.Select(p => (byte)Math.Clamp(p + rng.Next(-6, 7), 0, 255)).ToArray();
        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(frame).Hash, PerceptualHash.Compute(noisy).Hash) <= 6);
    }
}

public class FrameGridTests
{
    [Fact]
    public void Whole_grid_resamples_to_block_means()
    {
        var grid = new byte[128 * 128];
        var rng = new Random(1);
        rng.NextBytes(grid);
        var output = new float[1024];
        FrameGrid.Full(128).Resample(grid, output);
        for (var oy = 0; oy < 32; oy++)
            for (var ox = 0; ox < 32; ox++)
            {
                double sum = 0;
                for (var y = 0; y < 4; y++)
                    for (var x = 0; x < 4; x++) sum += grid[(oy * 4 + y) * 128 + ox * 4 + x];
                Assert.Equal(sum / 16, output[oy * 32 + ox], 3);
            }
    }

    [Fact]
    public void A_crop_maps_letterbox_bars_out_of_the_picture()
    {
        // 640x640 frame with content rows 140..499 (white), bars black: the crop region must contain no black.
        var grid = new byte[128 * 128];
        for (var y = 0; y < 128; y++)
            for (var x = 0; x < 128; x++)
                grid[y * 128 + x] = y * 640 / 128 >= 140 && (y + 1) * 640 / 128 <= 500 ? (byte)200 : (byte)0;
        var output = new float[1024];
        FrameGrid.ForCrop(128, new CropRect(640, 360, 0, 140), 640, 640).Resample(grid, output);
        Assert.All(output, v => Assert.Equal(200, v, 1));
    }

    [Fact]
    public void Fractional_weights_preserve_the_mean()
    {
        var grid = Enumerable.Range(0, 128 * 128).Select(i => (byte)(i * 7 % 251)).ToArray();
        var output = new float[1024];
        new FrameGrid(128, 3.3, 10.7, 120.2, 99.9).Resample(grid, output);
        Assert.All(output, v => Assert.InRange(v, 0, 255));
        var constant = Enumerable.Repeat((byte)77, 128 * 128).ToArray();
        new FrameGrid(128, 3.3, 10.7, 120.2, 99.9).Resample(constant, output);
        Assert.All(output, v => Assert.Equal(77, v, 2));
    }
}

public class CropVoteTests
{
    private static CropRect? Decide(int w, int h, params string[] lines)
    {
        var vote = new CropVote();
        foreach (var line in lines) vote.AddLine(line);
        return vote.Decide(w, h);
    }

    private static string Line(string crop) => $"[Parsed_cropdetect_1 @ 0x55] x1:0 x2:639 y1:140 y2:499 w:640 h:360 x:0 y:140 pts:1 t:0.25 {crop}";

    [Fact]
    public void Most_common_crop_wins()
    {
        var crop = Decide(640, 640, Line("crop=640:360:0:140"), Line("crop=640:360:0:140"), Line("crop=640:352:0:144"), "unrelated line");
        Assert.Equal(new CropRect(640, 360, 0, 140), crop);
        Assert.Equal("crop=640:360:0:140", crop.ToString());
    }

    [Fact]
    public void Negligible_crops_count_as_no_crop()
    {
        // 1920x1080 minus 8 rows: encoder padding, not bars.
        Assert.Null(Decide(1920, 1080, Line("crop=1920:1072:0:4"), Line("crop=1920:1072:0:4")));
        // "no crop" outvotes a crop seen less often
        Assert.Null(Decide(1280, 720, Line("crop=1280:720:0:0"), Line("crop=1280:720:0:0"), Line("crop=1280:540:0:90")));
    }

    [Fact]
    public void Implausible_and_invalid_crops_are_ignored()
    {
        // a black frame (fade) gives a tiny or negative crop; it must not win even if common
        Assert.Equal(new CropRect(960, 720, 160, 0), Decide(1280, 720,
            Line("crop=16:16:600:300"), Line("crop=16:16:600:300"), Line("crop=16:16:600:300"),
            Line("crop=-1264:-704:1272:712"), Line("crop=960:720:160:0"), Line("crop=960:720:160:0")));
        Assert.Null(Decide(1280, 720, Line("crop=16:16:600:300")));
    }

    [Fact]
    public void Ties_prefer_the_larger_area()
        => Assert.Equal(new CropRect(1280, 600, 0, 60), Decide(1280, 720, Line("crop=1280:540:0:90"), Line("crop=1280:600:0:60")));
}
