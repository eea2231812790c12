namespace Footy.Scenarios;

/// <summary>Which side of a fixture an event belongs to (for own goals: the side that benefits).</summary>
public enum Side { Home, Away }

/// <summary>A team as API-Football names it.</summary>
public sealed record Team(int Id, string Name)
{
    public string Logo => $"https://media.api-sports.io/football/teams/{Id}.png";
}

/// <summary>A competition season. <see cref="Flag"/> is the country flag URL (null for "World").</summary>
public sealed record League(int Id, string Name, string Country, int Season, string Round = "Regular Season - 1", string? Flag = null)
{
    public string Logo => $"https://media.api-sports.io/football/leagues/{Id}.png";
}

public sealed record Venue(int? Id, string Name, string City);

/// <summary>A player reference as carried by events (<c>player</c> / <c>assist</c>); both fields may be null.</summary>
public sealed record Player(int? Id, string? Name)
{
    /// <summary>What the API sends before it knows the scorer: <c>{"id":null,"name":null}</c>.</summary>
    public static readonly Player Unknown = new(null, null);

    /// <summary>A scorer is known when the name is present and not "Unknown".</summary>
    public bool IsKnown => !string.IsNullOrWhiteSpace(Name) && !string.Equals(Name, "Unknown", StringComparison.OrdinalIgnoreCase);

    public static Player Of(int id, string name) => new(id, name);
}

/// <summary>The literal strings of API-Football events and statuses.</summary>
public static class ApiStrings
{
    public const string Goal = "Goal";
    public const string Card = "Card";
    public const string Subst = "subst";
    public const string Var = "Var";

    public const string NormalGoal = "Normal Goal";
    public const string Penalty = "Penalty";
    public const string OwnGoal = "Own Goal";
    public const string MissedPenalty = "Missed Penalty";
    public const string YellowCard = "Yellow Card";
    public const string RedCard = "Red Card";
    public const string PenaltyShootout = "Penalty Shootout";

    /// <summary>Statuses after which a fixture does not play any more.</summary>
    public static readonly IReadOnlySet<string> FinishedStatuses =
        new HashSet<string>(StringComparer.Ordinal) { "FT", "AET", "PEN", "CANC", "ABD", "AWD", "WO" };

    /// <summary>Statuses in which the clock has not started (elapsed null, goals null).</summary>
    public static readonly IReadOnlySet<string> NotStartedStatuses =
        new HashSet<string>(StringComparer.Ordinal) { "TBD", "NS", "PST", "CANC" };

    public static string LongStatus(string shortStatus) => shortStatus switch
    {
        "TBD" => "Time To Be Defined",
        "NS" => "Not Started",
        "1H" => "First Half",
        "HT" => "Halftime",
        "2H" => "Second Half",
        "ET" => "Extra Time",
        "BT" => "Break Time",
        "P" => "Penalty In Progress",
        "SUSP" => "Match Suspended",
        "INT" => "Match Interrupted",
        "FT" => "Match Finished",
        "AET" => "Match Finished",
        "PEN" => "Match Finished",
        "PST" => "Match Postponed",
        "CANC" => "Match Cancelled",
        "ABD" => "Match Abandoned",
        "AWD" => "Technical Loss",
        "WO" => "WalkOver",
        "LIVE" => "In Progress",
        _ => throw new ArgumentException($"Unknown API-Football status '{shortStatus}'", nameof(shortStatus)),
    };
}

/// <summary>Maps poll indices (1-based) to the virtual time of the recording.</summary>
public sealed record PollClock(DateTimeOffset Start, int IntervalSeconds)
{
    /// <summary>Poll k happened at start + (k-1) * interval.</summary>
    public DateTimeOffset TimeOf(int poll) => Start.AddSeconds((long)(poll - 1) * IntervalSeconds);

    /// <summary>The latest poll whose time is not after <paramref name="t"/> (0 when t is before poll 1).</summary>
    public int PollAt(DateTimeOffset t)
    {
        if (t < Start) return 0;
        return (int)((t - Start).Ticks / TimeSpan.FromSeconds(IntervalSeconds).Ticks) + 1;
    }

    /// <summary>The first poll whose time is at or after <paramref name="t"/>.</summary>
    public int FirstPollAtOrAfter(DateTimeOffset t)
    {
        if (t <= Start) return 1;
        var p = PollAt(t);
        return TimeOf(p) == t ? p : p + 1;
    }
}
