namespace Footy.Scenarios;

/// <summary>
/// The content of one API-Football event as it is shown at some poll.
/// <see cref="Team"/> is the side the API attributes the event to (for own goals: the benefiting side).
/// </summary>
public sealed record EventData(
    string Type,
    string Detail,
    Side Team,
    int Minute,
    int? Extra,
    Player Player,
    Player Assist,
    string? Comments = null)
{
    /// <summary>Comments contain "Penalty Shootout".</summary>
    public bool IsShootout => Comments?.Contains(ApiStrings.PenaltyShootout, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A goal that counts in <c>goals</c> (Normal Goal / Penalty / Own Goal, not a shoot-out kick).</summary>
    public bool IsGoal => Type == ApiStrings.Goal && !IsShootout &&
                          Detail is ApiStrings.NormalGoal or ApiStrings.Penalty or ApiStrings.OwnGoal;

    /// <summary>A converted shoot-out kick (counts in <c>score.penalty</c>).</summary>
    public bool IsShootoutGoal => Type == ApiStrings.Goal && IsShootout && Detail == ApiStrings.Penalty;
}

/// <summary>
/// One event of a match followed through the recording: it appears at a poll, may change (scorer or minute
/// corrections), may disappear (VAR) and may come back. <see cref="Key"/> is the scenario's own identity
/// for it; it is never written to the recording.
/// </summary>
public sealed class EventTrack
{
    private readonly List<Change> _changes = new();

    internal EventTrack(string key, int order) { Key = key; Order = order; }

    public string Key { get; }

    /// <summary>Creation order: the last tie-break (after first appearance) between events that share a minute.</summary>
    public int Order { get; }

    public readonly record struct Change(int Poll, bool Visible, EventData Data);

    public IReadOnlyList<Change> Changes => _changes;

    public int FirstPoll => _changes[0].Poll;

    public int LastChangePoll => _changes[^1].Poll;

    /// <summary>The event as shown at <paramref name="poll"/>, or null when not shown.</summary>
    public EventData? At(int poll)
    {
        Change? current = null;
        foreach (var c in _changes)
        {
            if (c.Poll > poll) break;
            current = c;
        }
        return current is { Visible: true } v ? v.Data : null;
    }

    /// <summary>True when the event is a publishable goal at any point.</summary>
    public bool EverGoal => _changes.Any(c => c.Data.IsGoal);

    internal void Add(int poll, bool visible, EventData data)
    {
        if (poll < 1) throw new ArgumentOutOfRangeException(nameof(poll), "Polls are numbered from 1.");
        if (_changes.Count > 0 && poll <= _changes[^1].Poll)
            throw new InvalidOperationException(
                $"Changes of event '{Key}' must be given in increasing poll order (poll {poll} after {_changes[^1].Poll}).");
        _changes.Add(new Change(poll, visible, data));
    }

    internal Change Latest(int poll)
    {
        Change? current = null;
        foreach (var c in _changes)
        {
            if (c.Poll > poll) break;
            current = c;
        }
        return current ?? throw new InvalidOperationException($"Event '{Key}' does not exist yet at poll {poll}.");
    }
}
