using System.Globalization;

namespace Footy.Media;

/// <summary>
/// Which clips are worth keeping: broadcast-shaped (16:9 within tolerance), sharp enough, and a highlight rather than
/// a GIF-length loop or a full-half upload. Defaults are the reference system's filters.
/// </summary>
/// <param name="MinShortEdge">Minimum of display width/height in pixels (inclusive).</param>
/// <param name="MinAspect">Minimum display width/height (inclusive).</param>
/// <param name="MaxAspect">Maximum display width/height (inclusive).</param>
/// <param name="MinDurationExclusive">Duration must be strictly greater than this (seconds).</param>
/// <param name="MaxDuration">Duration must be at most this (seconds, inclusive).</param>
public sealed record ClipFilterOptions(
    int MinShortEdge = 600,
    double MinAspect = 1.75,
    double MaxAspect = 1.82,
    double MinDurationExclusive = 3,
    double MaxDuration = 90)
{
    public static ClipFilterOptions Default { get; } = new();
}

/// <summary>Accepted, or rejected with every failed rule spelled out (e.g. "short edge 480 px &lt; 600").</summary>
public sealed record FilterVerdict(bool Accepted, IReadOnlyList<string> Reasons)
{
    public static FilterVerdict Accept { get; } = new(true, []);
    /// <summary>All reasons joined with "; " (empty when accepted).</summary>
    public string Reason => string.Join("; ", Reasons);
    public override string ToString() => Accepted ? "Accepted" : $"Rejected: {Reason}";
}

public sealed class ClipFilter(ClipFilterOptions? options = null)
{
    private readonly ClipFilterOptions _o = options ?? ClipFilterOptions.Default;

    public ClipFilterOptions Options => _o;

    public FilterVerdict Check(ClipProbe probe)
    {
        var reasons = new List<string>();
        if (!probe.HasVideo)
        {
            reasons.Add("no video stream");
        }
        else
        {
            if (probe.ShortEdge < _o.MinShortEdge)
                reasons.Add(F($"short edge {probe.ShortEdge} px < {_o.MinShortEdge}"));
            var aspect = probe.AspectRatio;
            // Compare on the value shown to the reader (3 decimals) so the message never contradicts the verdict.
            var shown = Math.Round(aspect, 3, MidpointRounding.AwayFromZero);
            if (shown < _o.MinAspect || shown > _o.MaxAspect)
                reasons.Add(F($"aspect {shown:0.###} ({probe.Width}x{probe.Height}) outside {_o.MinAspect:0.###}-{_o.MaxAspect:0.###}"));
        }
        var d = probe.DurationSeconds;
        if (!(d > _o.MinDurationExclusive))
            reasons.Add(F($"duration {d:0.###} s <= {_o.MinDurationExclusive:0.##} s"));
        else if (d > _o.MaxDuration)
            reasons.Add(F($"duration {d:0.###} s > {_o.MaxDuration:0.##} s"));
        return reasons.Count == 0 ? FilterVerdict.Accept : new FilterVerdict(false, reasons);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
