namespace Footy.Domain.Fixtures;

/// <summary>API-Football's numeric fixture id; the only identity a fixture ever has.</summary>
public readonly record struct FixtureId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record TeamRef(long Id, string Name);

public sealed record LeagueRef(long Id, string Name, string? Country, int? Season);

/// <summary>One entry of a fixture's <c>events</c> array, as the upstream reported it (nothing validated yet).</summary>
public sealed record MatchEvent(
    int Elapsed,
    int? Extra,
    long? TeamId,
    string? TeamName,
    long? PlayerId,
    string? PlayerName,
    long? AssistId,
    string? AssistName,
    string Type,
    string Detail,
    string? Comments);

/// <summary>What one upstream answer said about one fixture at one moment.</summary>
public sealed record FixtureSnapshot(
    FixtureId Id,
    DateTimeOffset Kickoff,
    string StatusShort,
    int? Elapsed,
    LeagueRef League,
    TeamRef Home,
    TeamRef Away,
    int? HomeGoals,
    int? AwayGoals,
    IReadOnlyList<MatchEvent> Events);
