namespace Footy.Media;

/// <summary>
/// Area (box-filter) resampling of a rectangular region of a square gray grid to the 32x32 frame the hash needs.
/// ffmpeg scales each sampled frame (whole picture) to a GxG grid; the letterbox crop is applied here, on the grid,
/// with fractional edge weights, so one decode pass serves both crop detection and hashing.
/// </summary>
public sealed class FrameGrid
{
    private readonly int _grid;
    private readonly (int Start, float[] Weights)[] _cols;
    private readonly (int Start, float[] Weights)[] _rows;

    /// <param name="grid">Grid side G (pixels per row/column of the frames read from ffmpeg).</param>
    /// <param name="x0">Region left edge in grid units (fractional).</param>
    /// <param name="y0">Region top edge in grid units.</param>
    /// <param name="x1">Region right edge (exclusive).</param>
    /// <param name="y1">Region bottom edge (exclusive).</param>
    public FrameGrid(int grid, double x0, double y0, double x1, double y1)
    {
        if (grid < PerceptualHash.FrameSize) throw new ArgumentOutOfRangeException(nameof(grid));
        x0 = Math.Clamp(x0, 0, grid); x1 = Math.Clamp(x1, 0, grid);
        y0 = Math.Clamp(y0, 0, grid); y1 = Math.Clamp(y1, 0, grid);
        if (x1 - x0 < 1 || y1 - y0 < 1) throw new ArgumentException("region smaller than one grid cell");
        _grid = grid;
        _cols = Weights(x0, x1);
        _rows = Weights(y0, y1);
    }

    public int Grid => _grid;

    /// <summary>Whole-frame region.</summary>
    public static FrameGrid Full(int grid) => new(grid, 0, 0, grid, grid);

    /// <summary>The region of a crop expressed in frame pixels of a <paramref name="frameWidth"/>x<paramref name="frameHeight"/> frame.</summary>
    public static FrameGrid ForCrop(int grid, CropRect crop, int frameWidth, int frameHeight)
    {
        double sx = (double)grid / frameWidth, sy = (double)grid / frameHeight;
        return new FrameGrid(grid, crop.X * sx, crop.Y * sy, (crop.X + crop.Width) * sx, (crop.Y + crop.Height) * sy);
    }

    /// <summary>Resamples one GxG frame to 32x32 floats (0..255).</summary>
    public void Resample(ReadOnlySpan<byte> frame, Span<float> output)
    {
        const int n = PerceptualHash.FrameSize;
        Span<float> horizontal = stackalloc float[_grid * n];
        for (var y = 0; y < _grid; y++)
        {
            var row = frame.Slice(y * _grid, _grid);
            for (var i = 0; i < n; i++)
            {
                var (start, w) = _cols[i];
                float sum = 0;
                for (var k = 0; k < w.Length; k++) sum += row[start + k] * w[k];
                horizontal[y * n + i] = sum;
            }
        }
        for (var j = 0; j < n; j++)
        {
            var (start, w) = _rows[j];
            for (var i = 0; i < n; i++)
            {
                float sum = 0;
                for (var k = 0; k < w.Length; k++) sum += horizontal[(start + k) * n + i] * w[k];
                output[j * n + i] = sum;
            }
        }
    }

    private (int, float[])[] Weights(double from, double to)
    {
        const int n = PerceptualHash.FrameSize;
        var step = (to - from) / n;
        var result = new (int, float[])[n];
        for (var i = 0; i < n; i++)
        {
            var a = from + i * step;
            var b = a + step;
            var first = (int)Math.Floor(a);
            first = Math.Clamp(first, 0, _grid - 1);
            var last = Math.Clamp((int)Math.Ceiling(b - 1e-9) - 1, first, _grid - 1);
            var w = new float[last - first + 1];
            for (var c = first; c <= last; c++)
                w[c - first] = (float)((Math.Min(b, c + 1) - Math.Max(a, c)) / step);
            result[i] = (first, w);
        }
        return result;
    }
}
