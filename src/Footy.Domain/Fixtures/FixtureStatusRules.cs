namespace Footy.Domain.Fixtures;

/// <summary>How a fixture's upstream <c>status.short</c> affects polling.</summary>
public enum StatusKind
{
    /// <summary>TBD, NS: not started.</summary>
    Scheduled,
    /// <summary>PST: postponed; not polled until a re-ingest or kickoff change re-activates it.</summary>
    Postponed,
    /// <summary>1H, HT, 2H, ET, BT, P, SUSP, INT, LIVE, and anything unknown.</summary>
    InPlay,
    /// <summary>FT, AET, PEN, CANC, ABD, AWD, WO.</summary>
    Ended,
}

public static class FixtureStatusRules
{
    private static readonly Dictionary<string, StatusKind> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TBD"] = StatusKind.Scheduled,
        ["NS"] = StatusKind.Scheduled,
        ["PST"] = StatusKind.Postponed,
        ["1H"] = StatusKind.InPlay,
        ["HT"] = StatusKind.InPlay,
        ["2H"] = StatusKind.InPlay,
        ["ET"] = StatusKind.InPlay,
        ["BT"] = StatusKind.InPlay,
        ["P"] = StatusKind.InPlay,
        ["SUSP"] = StatusKind.InPlay,
        ["INT"] = StatusKind.InPlay,
        ["LIVE"] = StatusKind.InPlay,
        ["FT"] = StatusKind.Ended,
        ["AET"] = StatusKind.Ended,
        ["PEN"] = StatusKind.Ended,
        ["CANC"] = StatusKind.Ended,
        ["ABD"] = StatusKind.Ended,
        ["AWD"] = StatusKind.Ended,
        ["WO"] = StatusKind.Ended,
    };

    /// <summary>
    /// Classifies a status code (case-insensitive, trimmed). Unknown, empty or null codes count as
    /// <see cref="StatusKind.InPlay"/>: polling a little too long is cheap, missing goals is not.
    /// </summary>
    public static StatusKind Classify(string? statusShort) =>
        statusShort is not null && Table.TryGetValue(statusShort.Trim(), out var kind) ? kind : StatusKind.InPlay;
}
