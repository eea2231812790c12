using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Footy.Scenarios.Tests;

/// <summary>
/// Checks a written recording folder against the recording-format contract, reading only the files
/// (independent of the generator's model).
/// </summary>
internal static class RecordingChecker
{
    private static readonly HashSet<string> PublishableDetails = new() { "Normal Goal", "Penalty", "Own Goal" };

    public sealed record Summary(int Polls, int FaultPolls, int FixturePolls, long Bytes);

    public static Summary Check(string dir)
    {
        // recording.json
        using var rec = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "recording.json")));
        var names = rec.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "name", "start", "poll_interval_seconds" }, names);
        var startText = rec.RootElement.GetProperty("start").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", startText);
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var interval = rec.RootElement.GetProperty("poll_interval_seconds").GetInt32();
        Assert.True(interval > 0);

        // fixtures/<date>.json
        var kickoffs = new Dictionary<int, DateTimeOffset>();
        var teams = new Dictionary<int, (int Home, int Away)>();
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "fixtures"), "*.json"))
        {
            var date = Path.GetFileNameWithoutExtension(file);
            Assert.Matches(@"^\d{4}-\d\d-\d\d$", date);
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = CheckEnvelope(doc.RootElement, "date", out var response);
            Assert.Equal(date, root.GetProperty("parameters").GetProperty("date").GetString());
            Assert.Equal(JsonValueKind.Array, root.GetProperty("errors").ValueKind);
            foreach (var f in response)
            {
                CheckFixtureShape(f, withEvents: false);
                var id = f.GetProperty("fixture").GetProperty("id").GetInt32();
                var kickoff = DateTimeOffset.Parse(f.GetProperty("fixture").GetProperty("date").GetString()!, CultureInfo.InvariantCulture);
                Assert.Equal(date, kickoff.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Assert.Equal("NS", f.GetProperty("fixture").GetProperty("status").GetProperty("short").GetString());
                Assert.Equal(JsonValueKind.Null, f.GetProperty("goals").GetProperty("home").ValueKind);
                Assert.True(kickoffs.TryAdd(id, kickoff), $"fixture {id} listed twice");
                teams[id] = (f.GetProperty("teams").GetProperty("home").GetProperty("id").GetInt32(),
                             f.GetProperty("teams").GetProperty("away").GetProperty("id").GetInt32());
            }
        }
        Assert.NotEmpty(kickoffs);

        // polls
        var polls = Directory.GetFiles(Path.Combine(dir, "polls"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(polls);
        for (int i = 0; i < polls.Count; i++) Assert.Equal($"{i + 1:D6}.json", polls[i]);
        int faults = 0, fixturePolls = 0;
        long bytes = 0;
        for (int k = 1; k <= polls.Count; k++)
        {
            var path = Path.Combine(dir, "polls", polls[k - 1]!);
            var text = File.ReadAllText(path);
            bytes += new FileInfo(path).Length;
            if (!IsJson(text))
            {
                faults++; // a recorded non-JSON answer (an HTML page, a truncated body), served as-is
                continue;
            }
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("status", out var status))
            {
                Assert.NotEqual(200, status.GetInt32());
                Assert.True(root.TryGetProperty("body", out _));
                faults++;
                continue;
            }
            CheckEnvelope(root, "ids", out var response);
            var t = start.AddSeconds((long)(k - 1) * interval);
            var expectedIds = kickoffs.Where(kv => t >= kv.Value.AddMinutes(-30)).Select(kv => kv.Key).Order().ToList();
            var ids = root.GetProperty("parameters").GetProperty("ids").GetString()!;
            Assert.Equal(expectedIds, ids.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order().ToList());
            if (root.GetProperty("errors").ValueKind == JsonValueKind.Object)
            {
                Assert.NotEmpty(root.GetProperty("errors").EnumerateObject());
                faults++;
                continue;
            }
            Assert.Equal(JsonValueKind.Array, root.GetProperty("errors").ValueKind);
            Assert.Equal(expectedIds, response.Select(f => f.GetProperty("fixture").GetProperty("id").GetInt32()).Order().ToList());
            foreach (var f in response)
            {
                fixturePolls++;
                CheckFixtureShape(f, withEvents: true);
                var id = f.GetProperty("fixture").GetProperty("id").GetInt32();
                CheckScores(f, teams[id], $"poll {k} fixture {id}");
            }
        }
        return new Summary(polls.Count, faults, fixturePolls, bytes);
    }

    private static JsonElement CheckEnvelope(JsonElement root, string parameter, out List<JsonElement> response)
    {
        Assert.Equal(new[] { "get", "parameters", "errors", "results", "paging", "response" },
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("fixtures", root.GetProperty("get").GetString());
        Assert.True(root.GetProperty("parameters").TryGetProperty(parameter, out _));
        Assert.Equal(1, root.GetProperty("paging").GetProperty("current").GetInt32());
        Assert.Equal(1, root.GetProperty("paging").GetProperty("total").GetInt32());
        response = root.GetProperty("response").EnumerateArray().ToList();
        Assert.Equal(response.Count, root.GetProperty("results").GetInt32());
        return root;
    }

    private static void CheckFixtureShape(JsonElement f, bool withEvents)
    {
        var expected = withEvents
            ? new[] { "fixture", "league", "teams", "goals", "score", "events" }
            : new[] { "fixture", "league", "teams", "goals", "score" };
        Assert.Equal(expected, f.EnumerateObject().Select(p => p.Name).ToArray());
        var fx = f.GetProperty("fixture");
        Assert.Equal(new[] { "id", "referee", "timezone", "date", "timestamp", "periods", "venue", "status" },
            fx.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("UTC", fx.GetProperty("timezone").GetString());
        var date = fx.GetProperty("date").GetString()!;
        Assert.EndsWith("+00:00", date);
        Assert.Equal(DateTimeOffset.Parse(date, CultureInfo.InvariantCulture).ToUnixTimeSeconds(), fx.GetProperty("timestamp").GetInt64());
        Assert.Equal(new[] { "long", "short", "elapsed", "extra" }, fx.GetProperty("status").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "id", "name", "city" }, fx.GetProperty("venue").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "id", "name", "country", "logo", "flag", "season", "round" },
            f.GetProperty("league").EnumerateObject().Select(p => p.Name).ToArray());
        foreach (var side in new[] { "home", "away" })
            Assert.Equal(new[] { "id", "name", "logo", "winner" }, f.GetProperty("teams").GetProperty(side).EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "halftime", "fulltime", "extratime", "penalty" }, f.GetProperty("score").EnumerateObject().Select(p => p.Name).ToArray());
        if (!withEvents) return;
        foreach (var e in f.GetProperty("events").EnumerateArray())
        {
            Assert.Equal(new[] { "time", "team", "player", "assist", "type", "detail", "comments" }, e.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(new[] { "elapsed", "extra" }, e.GetProperty("time").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(new[] { "id", "name", "logo" }, e.GetProperty("team").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(new[] { "id", "name" }, e.GetProperty("player").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(new[] { "id", "name" }, e.GetProperty("assist").EnumerateObject().Select(p => p.Name).ToArray());
        }
    }

    private static int? N(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;

    /// <summary>goals.home/away and score.* equal what the visible events say.</summary>
    private static void CheckScores(JsonElement f, (int Home, int Away) teamIds, string where)
    {
        var status = f.GetProperty("fixture").GetProperty("status").GetProperty("short").GetString()!;
        var events = f.GetProperty("events").EnumerateArray().ToList();
        bool IsShootout(JsonElement e) => e.GetProperty("comments").ValueKind == JsonValueKind.String &&
                                          e.GetProperty("comments").GetString()!.Contains("Penalty Shootout");
        var goals = events.Where(e => e.GetProperty("type").GetString() == "Goal" && !IsShootout(e) &&
                                      PublishableDetails.Contains(e.GetProperty("detail").GetString()!)).ToList();
        int Count(int teamId, Func<int, bool> minute) => goals.Count(e =>
            e.GetProperty("team").GetProperty("id").GetInt32() == teamId && minute(e.GetProperty("time").GetProperty("elapsed").GetInt32()));
        var g = f.GetProperty("goals");
        if (status is "NS" or "PST" or "TBD" or "CANC")
        {
            Assert.Empty(events);
            Assert.Null(N(g.GetProperty("home")));
            return;
        }
        Assert.True(Count(teamIds.Home, _ => true) == N(g.GetProperty("home")), $"{where}: goals.home");
        Assert.True(Count(teamIds.Away, _ => true) == N(g.GetProperty("away")), $"{where}: goals.away");
        var score = f.GetProperty("score");
        var ht = score.GetProperty("halftime");
        Assert.True(Count(teamIds.Home, m => m <= 45) == N(ht.GetProperty("home")), $"{where}: halftime.home");
        Assert.True(Count(teamIds.Away, m => m <= 45) == N(ht.GetProperty("away")), $"{where}: halftime.away");
        var ft = score.GetProperty("fulltime");
        if (N(ft.GetProperty("home")) is not null)
        {
            Assert.Equal(Count(teamIds.Home, m => m <= 90), N(ft.GetProperty("home")));
            Assert.Equal(Count(teamIds.Away, m => m <= 90), N(ft.GetProperty("away")));
        }
        var et = score.GetProperty("extratime");
        if (N(et.GetProperty("home")) is not null)
        {
            Assert.Equal(Count(teamIds.Home, m => m > 90), N(et.GetProperty("home")));
            Assert.Equal(Count(teamIds.Away, m => m > 90), N(et.GetProperty("away")));
        }
        var pen = score.GetProperty("penalty");
        var kicks = events.Where(e => e.GetProperty("type").GetString() == "Goal" && IsShootout(e) && e.GetProperty("detail").GetString() == "Penalty").ToList();
        if (N(pen.GetProperty("home")) is not null)
        {
            Assert.Equal(kicks.Count(e => e.GetProperty("team").GetProperty("id").GetInt32() == teamIds.Home), N(pen.GetProperty("home")));
            Assert.Equal(kicks.Count(e => e.GetProperty("team").GetProperty("id").GetInt32() == teamIds.Away), N(pen.GetProperty("away")));
        }
        else Assert.Empty(kicks);
        if (status is "FT" or "AET" or "PEN") Assert.NotNull(N(ft.GetProperty("home")));
        if (status is "PEN") Assert.NotNull(N(pen.GetProperty("home")));
    }

    private static bool IsJson(string text)
    {
        try
        {
            JsonDocument.Parse(text).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
