using System.Diagnostics;

namespace Footy.Daemon.Polling;

/// <summary>Real time one poll cycle spent in one of its stages.</summary>
public sealed record StageTime(string Stage, double Seconds);

/// <summary>
/// Where one poll cycle's real time goes: the cycle's code switches from stage to stage (it runs its stages one after
/// another; an API call interrupts the stage that makes it), and each stage keeps its own time, so the times add up to
/// the cycle's. Reported with the cycle (<see cref="PollCycleReport.Stages"/>), so a replay shows its slow stage.
/// </summary>
public sealed class CycleStages
{
    public const string Ingest = "ingest";
    public const string Activate = "activate";
    public const string ApiCalls = "api calls";
    public const string Fixtures = "fixtures and goals";
    public const string ClipHunts = "clip hunts";
    public const string Forget = "forget";

    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Dictionary<string, TimeSpan> _spent = [];
    private string? _current;
    private TimeSpan _since;

    /// <summary>Starts <paramref name="stage"/>; returns the stage it interrupts, to switch back to.</summary>
    public string? Switch(string? stage)
    {
        var now = _watch.Elapsed;
        if (_current is not null) _spent[_current] = _spent.GetValueOrDefault(_current) + (now - _since);
        var previous = _current;
        (_current, _since) = (stage, now);
        return previous;
    }

    /// <summary>Ends the current stage; the stages in the order they first ran.</summary>
    public IReadOnlyList<StageTime> Stop()
    {
        Switch(null);
        return _spent.Select(s => new StageTime(s.Key, s.Value.TotalSeconds)).ToList();
    }
}
