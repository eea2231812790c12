using System.Globalization;
using System.Text;
using System.Text.Json;
using Footy.Domain.Fixtures;

namespace Footy.ApiFootball;

/// <summary>Reads API-Football v3 envelopes and fixture objects (tolerant of nulls, strict about identities).</summary>
internal static class FixtureJson
{
    /// <summary>A human-readable summary of a non-empty <c>errors</c> member, or null when it is absent or empty.</summary>
    public static string? DescribeErrors(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors)) return null;
        switch (errors.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var parts = errors.EnumerateObject().Select(p => $"{p.Name}: {Text(p.Value)}").ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            }
            case JsonValueKind.Array:
            {
                var parts = errors.EnumerateArray().Select(Text).ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            }
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var s = errors.GetString();
                return string.IsNullOrWhiteSpace(s) ? null : s;
            case JsonValueKind.False:
                return null;
            default:
                return errors.GetRawText();
        }
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Object => string.Join(", ", e.EnumerateObject().Select(p => $"{p.Name}: {Text(p.Value)}")),
        _ => e.GetRawText(),
    };

    /// <summary>Maps one element of <c>response</c>; on failure returns null with the reason (and the id text when readable).</summary>
    public static FixtureSnapshot? TryMapFixture(JsonElement item, List<string> eventWarnings, out string idText, out string? reason)
    {
        idText = "?";
        reason = null;
        if (item.ValueKind != JsonValueKind.Object) { reason = $"element is {item.ValueKind}, not an object"; return null; }

        var fixture = Obj(item, "fixture");
        if (fixture is null) { reason = "missing fixture object"; return null; }
        var id = Long(fixture.Value, "id");
        if (id is null) { reason = "missing or non-numeric fixture.id"; return null; }
        idText = id.Value.ToString(CultureInfo.InvariantCulture);

        DateTimeOffset kickoff;
        var dateText = Str(fixture.Value, "date");
        if (dateText is not null && DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            kickoff = parsed;
        else if (Long(fixture.Value, "timestamp") is { } unix && unix is > -62135596800 and < 253402300800)
            kickoff = DateTimeOffset.FromUnixTimeSeconds(unix);
        else { reason = "no readable fixture.date nor fixture.timestamp"; return null; }

        var status = Obj(fixture.Value, "status");
        var statusShort = status is null ? null : Str(status.Value, "short");
        if (string.IsNullOrWhiteSpace(statusShort)) { reason = "missing fixture.status.short"; return null; }
        var elapsed = status is null ? null : Int(status.Value, "elapsed");

        var leagueEl = Obj(item, "league");
        var leagueId = leagueEl is null ? null : Long(leagueEl.Value, "id");
        if (leagueId is null) { reason = "missing league.id"; return null; }
        var league = new LeagueRef(leagueId.Value, Str(leagueEl!.Value, "name") ?? "",
            Str(leagueEl.Value, "country"), Int(leagueEl.Value, "season"));

        var teams = Obj(item, "teams");
        var home = teams is null ? null : Team(teams.Value, "home");
        var away = teams is null ? null : Team(teams.Value, "away");
        if (home is null) { reason = "missing teams.home.id"; return null; }
        if (away is null) { reason = "missing teams.away.id"; return null; }

        var goals = Obj(item, "goals");
        int? homeGoals = goals is null ? null : Int(goals.Value, "home");
        int? awayGoals = goals is null ? null : Int(goals.Value, "away");

        var events = new List<MatchEvent>();
        if (item.TryGetProperty("events", out var evs) && evs.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var ev in evs.EnumerateArray())
            {
                var mapped = TryMapEvent(ev, out var why);
                if (mapped is not null) events.Add(mapped);
                else eventWarnings.Add($"event #{index} skipped: {why}");
                index++;
            }
        }
        else if (item.TryGetProperty("events", out evs) && evs.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            eventWarnings.Add($"events is {evs.ValueKind}, not an array: ignored");
        }

        return new FixtureSnapshot(new FixtureId(id.Value), kickoff, statusShort!, elapsed, league, home, away,
            homeGoals, awayGoals, events);
    }

    private static MatchEvent? TryMapEvent(JsonElement ev, out string? reason)
    {
        reason = null;
        if (ev.ValueKind != JsonValueKind.Object) { reason = $"element is {ev.ValueKind}, not an object"; return null; }
        var time = Obj(ev, "time");
        var elapsed = time is null ? null : Int(time.Value, "elapsed");
        if (elapsed is null) { reason = "missing time.elapsed"; return null; }
        var extra = Int(time!.Value, "extra");
        var team = Obj(ev, "team");
        var player = Obj(ev, "player");
        var assist = Obj(ev, "assist");
        return new MatchEvent(
            elapsed.Value, extra,
            team is null ? null : Long(team.Value, "id"), team is null ? null : Str(team.Value, "name"),
            player is null ? null : Long(player.Value, "id"), player is null ? null : Str(player.Value, "name"),
            assist is null ? null : Long(assist.Value, "id"), assist is null ? null : Str(assist.Value, "name"),
            Str(ev, "type") ?? "", Str(ev, "detail") ?? "", Str(ev, "comments"));
    }

    private static TeamRef? Team(JsonElement teams, string side)
    {
        var t = Obj(teams, side);
        if (t is null) return null;
        var id = Long(t.Value, "id");
        return id is null ? null : new TeamRef(id.Value, Str(t.Value, "name") ?? "");
    }

    private static JsonElement? Obj(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    private static long? Long(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var l)) return l;
            if (v.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
            return null;
        }
        if (v.ValueKind == JsonValueKind.String &&
            long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    private static int? Int(JsonElement parent, string name)
    {
        var l = Long(parent, name);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l.Value : null;
    }

    /// <summary>A short, single-line excerpt of a body for failure messages.</summary>
    public static string Excerpt(string body, int max = 200)
    {
        var sb = new StringBuilder(Math.Min(body.Length, max) + 1);
        foreach (var c in body)
        {
            if (sb.Length >= max) { sb.Append('…'); break; }
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString().Trim();
    }
}
