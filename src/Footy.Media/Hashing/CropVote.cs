using System.Globalization;
using System.Text.RegularExpressions;

namespace Footy.Media;

/// <summary>A crop rectangle in frame pixels (ffmpeg's <c>crop=w:h:x:y</c>).</summary>
public readonly record struct CropRect(int Width, int Height, int X, int Y)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"crop={Width}:{Height}:{X}:{Y}");

    public static bool TryParse(string? text, out CropRect crop)
    {
        crop = default;
        if (text is null) return false;
        var m = CropVote.CropPattern().Match(text);
        if (!m.Success) return false;
        crop = new CropRect(Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), Int(m.Groups[4]));
        return true;
    }

    private static int Int(Group g) => int.Parse(g.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}

/// <summary>
/// Chooses the crop for a clip from ffmpeg <c>cropdetect</c> output (one line per sampled frame, reset every frame):
/// the most common plausible crop wins, if it is more common than "no crop". A crop is negligible (counts as "no crop")
/// when it trims at most <see cref="NegligibleFraction"/> of the width AND of the height (encoder edge rows, thin
/// frame lines). A crop is implausible (ignored: dark or black frames, fades) when it keeps less than
/// <see cref="MinKeepFraction"/> of the width or of the height, or is empty. Ties: larger area, then smaller x, y.
/// </summary>
public sealed partial class CropVote(double negligibleFraction = 0.03, double minKeepFraction = 0.3)
{
    private readonly Dictionary<CropRect, int> _votes = new();

    public double NegligibleFraction { get; } = negligibleFraction;
    public double MinKeepFraction { get; } = minKeepFraction;
    public int Lines { get; private set; }

    [GeneratedRegex(@"crop=(-?\d+):(-?\d+):(-?\d+):(-?\d+)", RegexOptions.CultureInvariant)]
    internal static partial Regex CropPattern();

    /// <summary>Records one cropdetect line (lines without <c>crop=</c> are ignored). Returns whether it was one.</summary>
    public bool AddLine(string line)
    {
        if (!line.Contains("crop=", StringComparison.Ordinal) || !CropRect.TryParse(line, out var crop)) return false;
        Add(crop);
        return true;
    }

    public void Add(CropRect crop)
    {
        Lines++;
        _votes[crop] = _votes.GetValueOrDefault(crop) + 1;
    }

    /// <summary>The crop to apply to frames of <paramref name="frameWidth"/>x<paramref name="frameHeight"/>, or null for none.</summary>
    public CropRect? Decide(int frameWidth, int frameHeight)
    {
        var none = 0;
        var plausible = new Dictionary<CropRect, int>();
        foreach (var (crop, count) in _votes)
        {
            if (crop.Width <= 0 || crop.Height <= 0 || crop.X < 0 || crop.Y < 0 ||
                crop.X + crop.Width > frameWidth || crop.Y + crop.Height > frameHeight)
                continue;
            if (frameWidth - crop.Width <= NegligibleFraction * frameWidth &&
                frameHeight - crop.Height <= NegligibleFraction * frameHeight)
            {
                none += count;
                continue;
            }
            if (crop.Width < MinKeepFraction * frameWidth || crop.Height < MinKeepFraction * frameHeight) continue;
            plausible[crop] = count;
        }
        if (plausible.Count == 0) return null;
        var best = plausible
            .OrderByDescending(kv => kv.Value)
            .ThenByDescending(kv => (long)kv.Key.Width * kv.Key.Height)
            .ThenBy(kv => kv.Key.X).ThenBy(kv => kv.Key.Y)
            .First();
        return best.Value > none ? best.Key : null;
    }
}
