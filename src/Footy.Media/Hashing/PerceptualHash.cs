using System.Numerics;

namespace Footy.Media;

/// <summary>
/// DCT perceptual hash of one 32x32 8-bit luma frame, plus the hash its horizontal mirror image would have.
///
/// Convention (fixed; persisted fingerprints depend on it):
/// <list type="bullet">
/// <item>Orthonormal 2-D DCT-II of the 32x32 frame (separable: rows, then columns; cosine table precomputed and only
/// the 9 lowest frequencies per axis evaluated, so ~10k multiply-adds per frame).</item>
/// <item>The 8x8 block of frequencies u (horizontal) and v (vertical) in 1..8: the DC row and DC column are
/// EXCLUDED (the pHash.org convention). Row/column 0 carry overall brightness and purely one-directional
/// gradients, which change with exposure/encoding and say little about the picture; excluding them also keeps
/// every one of the 64 bits informative (the DC coefficient would be a constant 1 bit).</item>
/// <item>Bit (v-1)*8 + (u-1) (least significant first) is 1 when that coefficient is strictly greater than the median
/// of the 64 (mean of the two middle values). A flat frame (all |coefficients| &lt; 0.5) hashes to 0.</item>
/// <item>Mirror hash: a horizontally flipped frame has coefficient (u,v) multiplied by (-1)^u, so the odd horizontal
/// frequencies are negated, the median is recomputed over the negated set and the bits thresholded again. This is
/// exactly the hash of the flipped frame, without a second DCT.</item>
/// </list>
/// </summary>
public static class PerceptualHash
{
    public const int FrameSize = 32;
    public const int FrameBytes = FrameSize * FrameSize;
    /// <summary>Lowest frequency kept per axis: 1 = DC row and column excluded (the convention of this hash).</summary>
    public const int LowestFrequency = 1;
    private const int Block = 8;
    private const int Freqs = 1 + Block; // frequencies 0..8 are tabulated per axis

    // Cos[u * 32 + x] = alpha(u) * cos(pi * (2x + 1) * u / 64)
    private static readonly float[] Cos = BuildCosTable();

    private static float[] BuildCosTable()
    {
        var table = new float[Freqs * FrameSize];
        for (var u = 0; u < Freqs; u++)
        {
            var alpha = u == 0 ? Math.Sqrt(1.0 / FrameSize) : Math.Sqrt(2.0 / FrameSize);
            for (var x = 0; x < FrameSize; x++)
                table[u * FrameSize + x] = (float)(alpha * Math.Cos(Math.PI * (2 * x + 1) * u / (2.0 * FrameSize)));
        }
        return table;
    }

    /// <summary>Hash of a 32x32 row-major 8-bit luma frame and of its horizontal mirror.</summary>
    public static (ulong Hash, ulong Mirror) Compute(ReadOnlySpan<byte> luma)
    {
        if (luma.Length < FrameBytes) throw new ArgumentException($"need {FrameBytes} bytes, got {luma.Length}", nameof(luma));
        Span<float> pixels = stackalloc float[FrameBytes];
        for (var i = 0; i < FrameBytes; i++) pixels[i] = luma[i];
        return Compute(pixels);
    }

    /// <summary>Same as the byte overload for a 32x32 frame of luma values (0..255) held as floats.</summary>
    public static (ulong Hash, ulong Mirror) Compute(ReadOnlySpan<float> luma) => Compute(luma, LowestFrequency);

    /// <summary>Design-sweep variant: <paramref name="low"/> = 0 keeps the DC row/column (frequencies 0..7).</summary>
    internal static (ulong Hash, ulong Mirror) Compute(ReadOnlySpan<float> luma, int low)
    {
        if (luma.Length < FrameBytes) throw new ArgumentException($"need {FrameBytes} values, got {luma.Length}", nameof(luma));
        if (low is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(low));
        Span<float> coefficients = stackalloc float[Block * Block];
        Dct8x8(luma, coefficients, low);
        if (IsFlat(coefficients)) return (0, 0);
        var hash = Threshold(coefficients);
        for (var v = 0; v < Block; v++)
            for (var u = 0; u < Block; u++)
                if (((u + low) & 1) == 1) coefficients[v * Block + u] = -coefficients[v * Block + u];
        return (hash, Threshold(coefficients));
    }

    /// <summary>The 64 kept DCT coefficients, [v-1, u-1] row-major (exposed for tests).</summary>
    public static float[] Coefficients(ReadOnlySpan<byte> luma)
    {
        var pixels = new float[FrameBytes];
        for (var i = 0; i < FrameBytes; i++) pixels[i] = luma[i];
        var result = new float[Block * Block];
        Dct8x8(pixels, result, LowestFrequency);
        return result;
    }

    private static void Dct8x8(ReadOnlySpan<float> luma, Span<float> output, int low)
    {
        // Row pass: rowDct[y, u] = sum_x p[y, x] * Cos[u, x] for u in low..low+7.
        Span<float> rowDct = stackalloc float[FrameSize * Block];
        var cos = Cos.AsSpan();
        for (var y = 0; y < FrameSize; y++)
        {
            var row = luma.Slice(y * FrameSize, FrameSize);
            for (var u = 0; u < Block; u++)
                rowDct[y * Block + u] = Dot(row, cos.Slice((u + low) * FrameSize, FrameSize));
        }
        // Column pass: out[v, u] = sum_y rowDct[y, u] * Cos[v, y].
        for (var v = 0; v < Block; v++)
        {
            var cv = cos.Slice((v + low) * FrameSize, FrameSize);
            for (var u = 0; u < Block; u++)
            {
                float sum = 0;
                for (var y = 0; y < FrameSize; y++) sum += rowDct[y * Block + u] * cv[y];
                output[v * Block + u] = sum;
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (Vector.IsHardwareAccelerated && a.Length % Vector<float>.Count == 0)
        {
            var acc = Vector<float>.Zero;
            for (var i = 0; i < a.Length; i += Vector<float>.Count)
                acc += new Vector<float>(a.Slice(i)) * new Vector<float>(b.Slice(i));
            return Vector.Sum(acc);
        }
        float sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// A frame without structure (black, a fade, one flat colour) has all 64 coefficients ~0 and its bits would be float
    /// noise; it hashes to 0 instead (its mirror too). 0.5 is far below any visible detail: one step of luma across half
    /// the frame already gives coefficients of several units.
    /// </summary>
    private static bool IsFlat(ReadOnlySpan<float> coefficients)
    {
        foreach (var c in coefficients)
            if (Math.Abs(c) >= 0.5f) return false;
        return true;
    }

    private static ulong Threshold(ReadOnlySpan<float> coefficients)
    {
        Span<float> sorted = stackalloc float[Block * Block];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[31] + sorted[32]) / 2f;
        ulong hash = 0;
        for (var i = 0; i < coefficients.Length; i++)
            if (coefficients[i] > median) hash |= 1UL << i;
        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);
}
