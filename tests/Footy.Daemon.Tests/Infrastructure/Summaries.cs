using System.Text.Json;
using Footy.Daemon.Summary;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>Summaries reduced to what must match between runs and against a recording's expected.json.</summary>
public static class Summaries
{
    public sealed record FixtureLine(long Id, string Status, string Home, string Away);

    public sealed record GoalLine(long Fixture, string Team, string Player, int Minute, int? Extra, string Detail, string State);

    public static (IReadOnlyList<FixtureLine> Fixtures, IReadOnlyList<GoalLine> Goals) Normalize(MatchdaySummary summary) =>
        (summary.Fixtures.Select(f => new FixtureLine(f.Id, f.Status, f.Home, f.Away)).OrderBy(f => f.Id).ToList(),
         summary.Goals.Select(g => new GoalLine(g.Fixture, g.Team, g.Player, g.Minute, g.Extra, g.Detail, g.State))
             .OrderBy(g => g.Fixture).ThenBy(g => g.Minute).ThenBy(g => g.Extra).ThenBy(g => g.Player, StringComparer.Ordinal).ToList());

    public static (IReadOnlyList<FixtureLine> Fixtures, IReadOnlyList<GoalLine> Goals) LoadExpected(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var fixtures = doc.RootElement.GetProperty("fixtures").EnumerateArray()
            .Select(f => new FixtureLine(f.GetProperty("id").GetInt64(), f.GetProperty("status").GetString()!,
                f.GetProperty("home").GetString()!, f.GetProperty("away").GetString()!))
            .OrderBy(f => f.Id).ToList();
        var goals = doc.RootElement.GetProperty("goals").EnumerateArray()
            .Select(g => new GoalLine(g.GetProperty("fixture").GetInt64(), g.GetProperty("team").GetString()!,
                g.GetProperty("player").GetString()!, g.GetProperty("minute").GetInt32(),
                g.GetProperty("extra").ValueKind == JsonValueKind.Null ? null : g.GetProperty("extra").GetInt32(),
                g.GetProperty("detail").GetString()!, g.GetProperty("state").GetString()!))
            .OrderBy(g => g.Fixture).ThenBy(g => g.Minute).ThenBy(g => g.Extra).ThenBy(g => g.Player, StringComparer.Ordinal).ToList();
        return (fixtures, goals);
    }

    /// <summary>The repository root, found from the test binaries' folder.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Footy.Actors.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Footy.Actors.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Recording(string name) => Path.Combine(RepositoryRoot(), "recordings", name);
}
