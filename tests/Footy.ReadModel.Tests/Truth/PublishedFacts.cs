using Footy.Daemon.Summary;
using Footy.ReadModel;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>What the replay summary and the read model both publish, in one comparable shape.</summary>
public static class PublishedFacts
{
    public sealed record FixtureFact(long Id, string Status, string Home, string Away);

    public sealed record ClipFact(string Key, int Width, int Height, double Duration, long Bytes, int Popularity);

    public sealed record GoalFact(string Id, long Fixture, string Team, string Player, int Minute, int? Extra, string Detail, string State, string Clips);

    public static (IReadOnlyList<FixtureFact> Fixtures, IReadOnlyList<GoalFact> Goals) Of(MatchdaySummary summary) =>
        (summary.Fixtures.Select(f => new FixtureFact(f.Id, f.Status, f.Home, f.Away)).OrderBy(f => f.Id).ToList(),
         summary.Goals.Select(g => new GoalFact(g.Id, g.Fixture, g.Team, g.Player, g.Minute, g.Extra, g.Detail, g.State,
                 Clips(g.Clips.Select(c => new ClipFact(c.Key, c.Width, c.Height, c.Duration, c.Bytes, c.Popularity)))))
             .OrderBy(g => g.Id, StringComparer.Ordinal).ToList());

    /// <summary>Every fixture of every day the read model knows, with its published goals.</summary>
    public static async Task<(IReadOnlyList<FixtureFact> Fixtures, IReadOnlyList<GoalFact> Goals)> OfAsync(IReadModelQueries readModel)
    {
        var fixtures = new List<PublishedFixture>();
        foreach (var day in await readModel.DaysAsync()) fixtures.AddRange(await readModel.FixturesOnAsync(day));
        return (fixtures.Select(f => new FixtureFact(f.Id, f.UpstreamStatus, f.Home, f.Away)).OrderBy(f => f.Id).ToList(),
            fixtures.SelectMany(f => f.Goals).Select(g => new GoalFact(g.Id, g.Fixture, g.Team, g.Player, g.Minute, g.Extra, g.Detail, g.State,
                    Clips(g.Clips.Select(c => new ClipFact(c.Key, c.Width, c.Height, c.Duration, c.Bytes, c.Popularity)))))
                .OrderBy(g => g.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>A goal's clips as one value, in their published order (records holding lists compare them by reference).</summary>
    private static string Clips(IEnumerable<ClipFact> clips) => string.Join(" | ", clips);
}
