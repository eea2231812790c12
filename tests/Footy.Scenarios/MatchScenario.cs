namespace Footy.Scenarios;

/// <summary>
/// A status change at a poll of the recording. When <see cref="Elapsed"/> is given the clock is held at
/// that value for the whole segment (e.g. the break before extra time while the status still says 2H);
/// otherwise it is derived from the time spent in the running phase.
/// </summary>
public sealed record StatusChange(int Poll, string Short, int? Elapsed = null, int? Extra = null);

/// <summary>What the API says about one fixture at one poll.</summary>
public sealed record FixtureSnapshot(
    int Poll,
    string Status,
    int? Elapsed,
    int? Extra,
    long? FirstPeriod,
    long? SecondPeriod,
    IReadOnlyList<EventData> Events,
    ScorePair Goals,
    ScorePair Halftime,
    ScorePair Fulltime,
    ScorePair Extratime,
    ScorePair Penalty,
    bool? HomeWinner,
    bool? AwayWinner);

public readonly record struct ScorePair(int? Home, int? Away)
{
    public static readonly ScorePair Null = new(null, null);
}

/// <summary>
/// One fixture of a recorded day, described by its timeline in POLL indices of the recording
/// (poll k happens at start + (k-1) * interval). Built fluently:
/// <code>
/// new MatchScenario(979139).InLeague(...).Between(home, away).KickoffAt(t)
///     .Status(51, "1H").Goal("messi-23", 97, Side.Home, messi, 23, detail: ApiStrings.Penalty) ...
/// </code>
/// Event changes of one event must be given in increasing poll order.
/// </summary>
public sealed class MatchScenario
{
    private readonly List<StatusChange> _statuses = new();
    private readonly List<EventTrack> _events = new();
    private readonly Dictionary<string, EventTrack> _byKey = new(StringComparer.Ordinal);
    private int _autoKey;

    public MatchScenario(int fixtureId) { FixtureId = fixtureId; }

    public static MatchScenario Create(int fixtureId) => new(fixtureId);

    public int FixtureId { get; }
    public League League { get; private set; } = new(39, "Premier League", "England", 2024, "Regular Season - 1", "https://media.api-sports.io/flags/gb-eng.svg");
    public Team Home { get; private set; } = new(1, "Home");
    public Team Away { get; private set; } = new(2, "Away");
    public DateTimeOffset Kickoff { get; private set; }
    public Venue? Venue { get; private set; }
    public string? Referee { get; private set; }
    public IReadOnlyList<StatusChange> Statuses => _statuses;
    public IReadOnlyList<EventTrack> Events => _events;

    public Team TeamOf(Side side) => side == Side.Home ? Home : Away;

    // ---------------------------------------------------------------- fixture data

    public MatchScenario InLeague(League league) { League = league; return this; }

    public MatchScenario InLeague(int id, string name, string country, int season, string round = "Regular Season - 1", string? flag = null)
        => InLeague(new League(id, name, country, season, round, flag));

    public MatchScenario Between(Team home, Team away)
    {
        if (home.Id == away.Id) throw new ArgumentException("A team cannot play itself.");
        Home = home; Away = away; return this;
    }

    public MatchScenario KickoffAt(DateTimeOffset kickoff) { Kickoff = kickoff.ToUniversalTime(); return this; }

    public MatchScenario At(Venue venue) { Venue = venue; return this; }

    public MatchScenario At(int id, string name, string city) => At(new Venue(id, name, city));

    public MatchScenario WithReferee(string? referee) { Referee = referee; return this; }

    // ---------------------------------------------------------------- status timeline

    /// <summary>Sets the status from <paramref name="poll"/> on. Before the first change the fixture is NS.</summary>
    public MatchScenario Status(int poll, string shortStatus, int? elapsed = null, int? extra = null)
    {
        ApiStrings.LongStatus(shortStatus); // validates
        if (poll < 1) throw new ArgumentOutOfRangeException(nameof(poll));
        if (_statuses.Count > 0 && poll <= _statuses[^1].Poll)
            throw new InvalidOperationException($"Status changes must be given in increasing poll order ({poll} after {_statuses[^1].Poll}).");
        _statuses.Add(new StatusChange(poll, shortStatus, elapsed, extra));
        _clockCache = null;
        return this;
    }

    /// <summary>Writes the statuses of a planned match (see <see cref="MatchClock"/>).</summary>
    public MatchScenario Play(MatchClock clock)
    {
        foreach (var s in clock.StatusChanges()) Status(s.Poll, s.Short, s.Elapsed, s.Extra);
        return this;
    }

    /// <summary>The last status of the timeline (NS when there is none).</summary>
    public string FinalStatus => _statuses.Count == 0 ? "NS" : _statuses[^1].Short;

    /// <summary>The poll of the last status change (0 when there is none).</summary>
    public int LastStatusPoll => _statuses.Count == 0 ? 0 : _statuses[^1].Poll;

    // ---------------------------------------------------------------- events

    /// <summary>Adds any event, appearing at <paramref name="poll"/>.</summary>
    public MatchScenario Event(string? key, int poll, EventData data)
    {
        key ??= $"e{++_autoKey}";
        if (_byKey.ContainsKey(key)) throw new InvalidOperationException($"Event key '{key}' is used twice in fixture {FixtureId}.");
        var track = new EventTrack(key, _events.Count);
        track.Add(poll, true, data);
        _events.Add(track);
        _byKey.Add(key, track);
        return this;
    }

    /// <summary>A goal (Normal Goal by default; Penalty or Own Goal through <paramref name="detail"/>).
    /// For own goals <paramref name="team"/> is the benefiting side.</summary>
    public MatchScenario Goal(string key, int poll, Side team, Player scorer, int minute, int? extra = null,
        Player? assist = null, string detail = ApiStrings.NormalGoal, string? comments = null)
        => Event(key, poll, new EventData(ApiStrings.Goal, detail, team, minute, extra, scorer, assist ?? Player.Unknown, comments));

    public MatchScenario PenaltyGoal(string key, int poll, Side team, Player scorer, int minute, int? extra = null)
        => Goal(key, poll, team, scorer, minute, extra, null, ApiStrings.Penalty);

    /// <summary>An own goal credited to <paramref name="benefiting"/>, scored by a player of the other side.</summary>
    public MatchScenario OwnGoal(string key, int poll, Side benefiting, Player scorer, int minute, int? extra = null)
        => Goal(key, poll, benefiting, scorer, minute, extra, null, ApiStrings.OwnGoal);

    public MatchScenario MissedPenalty(int poll, Side team, Player player, int minute, int? extra = null, string? key = null)
        => Event(key, poll, new EventData(ApiStrings.Goal, ApiStrings.MissedPenalty, team, minute, extra, player, Player.Unknown));

    public MatchScenario Card(int poll, Side team, Player player, int minute, int? extra = null, bool red = false, string? comments = null, string? key = null)
        => Event(key, poll, new EventData(ApiStrings.Card, red ? ApiStrings.RedCard : ApiStrings.YellowCard, team, minute, extra, player, Player.Unknown, comments));

    /// <summary>A substitution: <c>player</c> is the one going off, <c>assist</c> the one coming on.</summary>
    public MatchScenario Substitution(int poll, Side team, Player off, Player on, int minute, int? extra = null, int number = 1, string? key = null)
        => Event(key, poll, new EventData(ApiStrings.Subst, $"Substitution {number}", team, minute, extra, off, on));

    public MatchScenario VarEvent(int poll, Side team, string detail, int minute, int? extra = null, Player? player = null, string? key = null)
        => Event(key, poll, new EventData(ApiStrings.Var, detail, team, minute, extra, player ?? Player.Unknown, Player.Unknown));

    /// <summary>A shoot-out kick: type Goal, detail Penalty (or Missed Penalty), comments "Penalty Shootout",
    /// time 120'.</summary>
    public MatchScenario ShootoutKick(int poll, Side team, Player taker, bool scored, string? key = null)
        => Event(key, poll, new EventData(ApiStrings.Goal, scored ? ApiStrings.Penalty : ApiStrings.MissedPenalty,
            team, 120, null, taker, Player.Unknown, ApiStrings.PenaltyShootout));

    /// <summary>The event disappears from the feed at <paramref name="poll"/> (e.g. VAR).</summary>
    public MatchScenario Remove(string key, int poll)
    {
        var t = Track(key);
        t.Add(poll, false, t.Latest(poll).Data);
        return this;
    }

    /// <summary>A removed event shows again at <paramref name="poll"/>.</summary>
    public MatchScenario Restore(string key, int poll)
    {
        var t = Track(key);
        t.Add(poll, true, t.Latest(poll).Data);
        return this;
    }

    /// <summary>The event's fields change at <paramref name="poll"/>; visibility is unchanged.</summary>
    public MatchScenario Correct(string key, int poll, Func<EventData, EventData> change)
    {
        var t = Track(key);
        var latest = t.Latest(poll);
        t.Add(poll, latest.Visible, change(latest.Data));
        return this;
    }

    public MatchScenario CorrectScorer(string key, int poll, Player scorer) => Correct(key, poll, e => e with { Player = scorer });

    public MatchScenario CorrectMinute(string key, int poll, int minute, int? extra = null) => Correct(key, poll, e => e with { Minute = minute, Extra = extra });

    public MatchScenario AddAssist(string key, int poll, Player assist) => Correct(key, poll, e => e with { Assist = assist });

    public EventTrack Track(string key) =>
        _byKey.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"No event '{key}' in fixture {FixtureId}.");

    public bool HasEvent(string key) => _byKey.ContainsKey(key);

    /// <summary>The events shown at <paramref name="poll"/>, in API order (by minute, shoot-out last).</summary>
    public IReadOnlyList<EventData> VisibleEvents(int poll) =>
        _events.Select(t => (t, d: t.At(poll)))
            .Where(x => x.d is not null)
            .OrderBy(x => x.d!.IsShootout ? 1 : 0)
            .ThenBy(x => x.d!.Minute)
            .ThenBy(x => x.d!.Extra ?? 0)
            .ThenBy(x => x.t.FirstPoll)
            .ThenBy(x => x.t.Order)
            .Select(x => x.d!)
            .ToList();

    /// <summary>The last poll at which any event of this fixture changes (0 without events).</summary>
    public int LastEventChangePoll => _events.Count == 0 ? 0 : _events.Max(e => e.LastChangePoll);

    // ---------------------------------------------------------------- snapshots

    private sealed record ClockState(string Status, int? Elapsed, int? Extra, int? FirstPeriodPoll, int? SecondPeriodPoll,
        bool RegulationOver, bool ExtraTimeStarted, bool PenaltiesStarted);

    private (PollClock Clock, int Count, ClockState[] States)? _clockCache;

    private ClockState[] ClockStates(PollClock clock, int pollCount)
    {
        if (_clockCache is { } c && c.Clock == clock && c.Count >= pollCount) return c.States;
        var states = new ClockState[pollCount + 1];
        string status = "NS";
        int? elapsed = null, extra = null, first = null, second = null;
        string? phase = null;
        long phaseSeconds = 0;
        bool sawBreak = false, regulationOver = false, etStarted = false, pensStarted = false;
        StatusChange? segment = null;
        int idx = 0;
        for (int k = 1; k <= pollCount; k++)
        {
            while (idx < _statuses.Count && _statuses[idx].Poll <= k) segment = _statuses[idx++];
            if (segment is not null) status = segment.Short;
            switch (status)
            {
                case "1H" or "2H" or "ET":
                {
                    var key = status == "ET" ? (sawBreak ? "ET2" : "ET1") : status;
                    if (key != phase) { phase = key; phaseSeconds = 0; }
                    if (status == "1H") first ??= k;
                    if (status == "2H") second ??= k;
                    if (status == "ET") { etStarted = true; regulationOver = true; }
                    if (segment!.Elapsed is not null) { elapsed = segment.Elapsed; extra = segment.Extra; break; }
                    var (b, cap) = key switch { "1H" => (1, 45), "2H" => (46, 90), "ET1" => (91, 105), _ => (106, 120) };
                    var minute = b + (int)(phaseSeconds / 60);
                    elapsed = Math.Min(cap, minute);
                    extra = minute > cap ? minute - cap : null;
                    phaseSeconds += clock.IntervalSeconds;
                    break;
                }
                case "HT": elapsed = segment!.Elapsed ?? 45; extra = segment.Extra; break;
                case "BT": sawBreak = true; etStarted = true; regulationOver = true; elapsed = segment!.Elapsed ?? 105; extra = segment.Extra; break;
                case "P": pensStarted = etStarted = regulationOver = true; elapsed = segment!.Elapsed ?? 120; extra = segment.Extra; break;
                case "FT": regulationOver = true; elapsed = segment!.Elapsed ?? 90; extra = segment.Extra; break;
                case "AET": regulationOver = etStarted = true; elapsed = segment!.Elapsed ?? 120; extra = segment.Extra; break;
                case "PEN": regulationOver = etStarted = pensStarted = true; elapsed = segment!.Elapsed ?? 120; extra = segment.Extra; break;
                case "SUSP" or "INT" or "ABD" or "LIVE" or "AWD" or "WO":
                    if (segment!.Elapsed is not null) { elapsed = segment.Elapsed; extra = segment.Extra; }
                    break; // clock frozen where it was
                default: // NS, TBD, PST, CANC
                    elapsed = null; extra = null; break;
            }
            states[k] = new ClockState(status, elapsed, extra, first, second, regulationOver, etStarted, pensStarted);
        }
        _clockCache = (clock, pollCount, states);
        return states;
    }

    /// <summary>Everything the API shows about this fixture at <paramref name="poll"/>.</summary>
    public FixtureSnapshot SnapshotAt(int poll, PollClock clock, int pollCount)
    {
        if (poll < 1 || poll > pollCount) throw new ArgumentOutOfRangeException(nameof(poll));
        var s = ClockStates(clock, pollCount)[poll];
        var events = VisibleEvents(poll);
        bool started = !ApiStrings.NotStartedStatuses.Contains(s.Status);
        var goals = events.Where(e => e.IsGoal).ToList();
        ScorePair Count(Func<EventData, bool> filter) =>
            new(goals.Count(e => e.Team == Side.Home && filter(e)), goals.Count(e => e.Team == Side.Away && filter(e)));

        var total = started ? Count(_ => true) : ScorePair.Null;
        var half = started ? Count(e => e.Minute <= 45) : ScorePair.Null;
        var full = started && s.RegulationOver ? Count(e => e.Minute <= 90) : ScorePair.Null;
        var et = started && s.ExtraTimeStarted ? Count(e => e.Minute > 90) : ScorePair.Null;
        var pens = started && s.PenaltiesStarted
            ? new ScorePair(events.Count(e => e.IsShootoutGoal && e.Team == Side.Home), events.Count(e => e.IsShootoutGoal && e.Team == Side.Away))
            : ScorePair.Null;

        bool? homeWinner = null, awayWinner = null;
        if (started && total.Home is int h && total.Away is int a)
        {
            if (h != a) { homeWinner = h > a; awayWinner = a > h; }
            else if (s.Status == "PEN" && pens.Home is int ph && pens.Away is int pa && ph != pa) { homeWinner = ph > pa; awayWinner = pa > ph; }
        }

        long? Unix(int? p) => p is int q ? clock.TimeOf(q).ToUnixTimeSeconds() : null;
        return new FixtureSnapshot(poll, s.Status, s.Elapsed, s.Extra, Unix(s.FirstPeriodPoll), Unix(s.SecondPeriodPoll),
            events, total, half, full, et, pens, homeWinner, awayWinner);
    }
}
