using System.Globalization;
using System.Text.Json;
using Footy.Domain.Fixtures;

namespace Footy.ApiFootball.Tests;

/// <summary>API-Football v3 bodies shaped as the documentation shows them.</summary>
public static class Samples
{
    /// <summary>The 2022 World Cup final as <c>GET /fixtures?id=979139</c> returns it (trimmed event list).</summary>
    public const string WorldCupFinal = """
    {
      "fixture": {
        "id": 979139,
        "referee": "S. Marciniak",
        "timezone": "UTC",
        "date": "2022-12-18T15:00:00+00:00",
        "timestamp": 1671375600,
        "periods": { "first": 1671375600, "second": 1671379200 },
        "venue": { "id": 20632, "name": "Lusail Iconic Stadium", "city": "Lusail" },
        "status": { "long": "Match Finished", "short": "PEN", "elapsed": 120, "extra": null }
      },
      "league": {
        "id": 1, "name": "World Cup", "country": "World",
        "logo": "https://media.api-sports.io/football/leagues/1.png", "flag": null,
        "season": 2022, "round": "Final", "standings": false
      },
      "teams": {
        "home": { "id": 26, "name": "Argentina", "logo": "https://media.api-sports.io/football/teams/26.png", "winner": true },
        "away": { "id": 2, "name": "France", "logo": "https://media.api-sports.io/football/teams/2.png", "winner": false }
      },
      "goals": { "home": 3, "away": 3 },
      "score": {
        "halftime": { "home": 2, "away": 0 },
        "fulltime": { "home": 2, "away": 2 },
        "extratime": { "home": 1, "away": 1 },
        "penalty": { "home": 4, "away": 2 }
      },
      "events": [
        { "time": { "elapsed": 23, "extra": null },
          "team": { "id": 26, "name": "Argentina", "logo": "https://media.api-sports.io/football/teams/26.png" },
          "player": { "id": 154, "name": "L. Messi" }, "assist": { "id": null, "name": null },
          "type": "Goal", "detail": "Penalty", "comments": null },
        { "time": { "elapsed": 36, "extra": null },
          "team": { "id": 26, "name": "Argentina", "logo": "https://media.api-sports.io/football/teams/26.png" },
          "player": { "id": 266, "name": "Á. Di María" }, "assist": { "id": 5996, "name": "A. Mac Allister" },
          "type": "Goal", "detail": "Normal Goal", "comments": null },
        { "time": { "elapsed": 45, "extra": 7 },
          "team": { "id": 2, "name": "France", "logo": "https://media.api-sports.io/football/teams/2.png" },
          "player": { "id": 22149, "name": "O. Giroud" }, "assist": { "id": null, "name": null },
          "type": "subst", "detail": "Substitution 1", "comments": null },
        { "time": { "elapsed": 120, "extra": null },
          "team": { "id": 26, "name": "Argentina", "logo": "https://media.api-sports.io/football/teams/26.png" },
          "player": { "id": 154, "name": "L. Messi" }, "assist": { "id": null, "name": null },
          "type": "Goal", "detail": "Penalty", "comments": "Penalty Shootout" }
      ]
    }
    """;

    /// <summary>A full fixture object with the given state; <paramref name="eventsJson"/> null leaves out <c>events</c> (date endpoint).</summary>
    public static string Fixture(long id, string status = "1H", int? elapsed = 10, int? home = 0, int? away = 0,
        string? eventsJson = "[]", string date = "2024-05-19T15:00:00+00:00", long homeId = 42, long awayId = 49)
    {
        string N(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
        var ts = DateTimeOffset.Parse(date, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var events = eventsJson is null ? "" : $""", "events": {eventsJson}""";
        return $$"""
        {
          "fixture": { "id": {{id}}, "referee": "M. Oliver", "timezone": "UTC", "date": "{{date}}", "timestamp": {{ts}},
            "periods": { "first": {{ts}}, "second": null },
            "venue": { "id": 494, "name": "Emirates Stadium", "city": "London" },
            "status": { "long": "Whatever", "short": "{{status}}", "elapsed": {{N(elapsed)}}, "extra": null } },
          "league": { "id": 39, "name": "Premier League", "country": "England", "logo": "https://media.api-sports.io/football/leagues/39.png",
            "flag": "https://media.api-sports.io/flags/gb-eng.svg", "season": 2023, "round": "Regular Season - 38" },
          "teams": { "home": { "id": {{homeId}}, "name": "Arsenal", "logo": "x", "winner": null },
                     "away": { "id": {{awayId}}, "name": "Chelsea", "logo": "y", "winner": null } },
          "goals": { "home": {{N(home)}}, "away": {{N(away)}} },
          "score": { "halftime": { "home": null, "away": null }, "fulltime": { "home": null, "away": null },
                     "extratime": { "home": null, "away": null }, "penalty": { "home": null, "away": null } }{{events}}
        }
        """;
    }

    public static string Goal(int minute, long teamId, string team, long playerId, string player, string detail = "Normal Goal") =>
        $$"""{ "time": { "elapsed": {{minute}}, "extra": null }, "team": { "id": {{teamId}}, "name": "{{team}}", "logo": "l" }, "player": { "id": {{playerId}}, "name": "{{player}}" }, "assist": { "id": null, "name": null }, "type": "Goal", "detail": "{{detail}}", "comments": null }""";

    /// <summary>A complete response envelope.</summary>
    public static string Envelope(string param, string value, IReadOnlyList<string> fixtures, string errors = "[]") =>
        $$"""
        {"get":"fixtures","parameters":{"{{param}}":"{{value}}"},"errors":{{errors}},"results":{{fixtures.Count}},"paging":{"current":1,"total":1},"response":[{{string.Join(",", fixtures)}}]}
        """;

    public static string Ids(params long[] ids) => string.Join("-", ids);

    public static FixtureId[] F(params long[] ids) => ids.Select(i => new FixtureId(i)).ToArray();

    /// <summary>A value-equality view of snapshots (records with lists compare lists by reference).</summary>
    public static string Canonical(IEnumerable<FixtureSnapshot> snapshots) =>
        JsonSerializer.Serialize(snapshots.OrderBy(s => s.Id.Value).ToList());

    public static string Canonical(FixtureSnapshot snapshot) => Canonical([snapshot]);
}
