using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Footy.Daemon.Polling;

namespace Footy.Daemon.Summary;

/// <summary>One replayed poll: its real (wall) time and where it went, the cycle's stages and the poller's own part.</summary>
public sealed record ReplayPollTime(
    [property: JsonPropertyName("poll")] int Poll,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("stages")] IReadOnlyList<StageTime> Stages);

/// <summary>One stage over the whole replay: its total and its longest poll.</summary>
public sealed record ReplayStageTime(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("total_seconds")] double TotalSeconds,
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("max_seconds")] double MaxSeconds);

/// <summary>
/// A replay's wall time per poll (<c>footy replay --timing</c>): mean, median, 95th percentile and maximum of the polls, and
/// each stage's total, slowest first, so a slow stage shows. "poller" is what a poll took beyond its cycle's stages: the
/// poller persisting the cycle and the messages to and from it.
/// </summary>
public sealed class ReplayTiming
{
    public const string PollerStage = "poller";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly List<ReplayPollTime> _polls = [];

    [JsonPropertyName("polls")]
    public int Polls => _polls.Count;

    [JsonPropertyName("wall_seconds")]
    public double WallSeconds => _polls.Sum(p => p.Seconds);

    [JsonPropertyName("mean_seconds")]
    public double MeanSeconds => _polls.Count == 0 ? 0 : WallSeconds / _polls.Count;

    [JsonPropertyName("p50_seconds")]
    public double P50Seconds => Percentile(0.50);

    [JsonPropertyName("p95_seconds")]
    public double P95Seconds => Percentile(0.95);

    [JsonPropertyName("max_seconds")]
    public double MaxSeconds => SlowestPoll?.Seconds ?? 0;

    [JsonPropertyName("slowest_poll")]
    public ReplayPollTime? SlowestPoll => _polls.MaxBy(p => p.Seconds);

    [JsonPropertyName("stages")]
    public IReadOnlyList<ReplayStageTime> Stages =>
        _polls.SelectMany(p => p.Stages).GroupBy(s => s.Stage)
            .Select(g => new ReplayStageTime(g.Key, g.Sum(s => s.Seconds), WallSeconds == 0 ? 0 : g.Sum(s => s.Seconds) / WallSeconds, g.Max(s => s.Seconds)))
            .OrderByDescending(s => s.TotalSeconds)
            .ToList();

    [JsonPropertyName("per_poll")]
    public IReadOnlyList<ReplayPollTime> PerPoll => _polls;

    /// <summary>A poll that took <paramref name="wall"/>, of which its cycle reported <paramref name="cycle"/>.</summary>
    public void Add(int poll, DateTimeOffset at, TimeSpan wall, IReadOnlyList<StageTime> cycle)
    {
        var poller = Math.Max(0, wall.TotalSeconds - cycle.Sum(s => s.Seconds));
        _polls.Add(new ReplayPollTime(poll, at, wall.TotalSeconds, [.. cycle, new StageTime(PollerStage, poller)]));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>One line: the polls' statistics and the slowest stage.</summary>
    public string ToText()
    {
        string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture);
        var slowest = Stages.FirstOrDefault();
        var stage = slowest is null ? "" : $"; slowest stage {slowest.Stage}: {slowest.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s " +
                                           $"({(slowest.Share * 100).ToString("0", CultureInfo.InvariantCulture)}%)";
        return $"{Polls} polls in {WallSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s; per poll mean {Ms(MeanSeconds)} ms, " +
               $"p50 {Ms(P50Seconds)} ms, p95 {Ms(P95Seconds)} ms, max {Ms(MaxSeconds)} ms (poll {SlowestPoll?.Poll}){stage}";
    }

    private double Percentile(double q)
    {
        if (_polls.Count == 0) return 0;
        var sorted = _polls.Select(p => p.Seconds).Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
