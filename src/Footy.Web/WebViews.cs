using System.Text.Json;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.ReadModel;

namespace Footy.Web;

/// <summary>
/// What the goals page and the JSON API answer: the read model's published records with what a fan and another website
/// need on top (the order of the day, each goal's state in words, the URL of each goal and clip).
/// </summary>
public static class WebViews
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record ErrorView(string Error);

    public sealed record DayView(DateOnly Date, long Position, IReadOnlyList<FixtureView> Fixtures);

    public sealed record DaysView(IReadOnlyList<DateOnly> Days);

    public sealed record FixtureView(
        long Id, DateTimeOffset Kickoff, string Phase, bool Live, string Status, int? Elapsed, string League, string? Country,
        string Home, string Away, int? HomeGoals, int? AwayGoals, DateTimeOffset LastActivity, IReadOnlyList<GoalView> Goals);

    public sealed record GoalView(
        string Id, string Url, long Fixture, int Minute, int? Extra, string Team, string Player, string? Assist, string Detail,
        int HomeScoreAfter, int AwayScoreAfter, string State, string StateText, bool Searching, DateTimeOffset FirstSeen,
        IReadOnlyList<ClipView> Clips, bool ClipsRemoved);

    public sealed record ClipView(string Url, int Width, int Height, double Duration, long Bytes, int Popularity, int Rank);

    /// <summary>Live fixtures first (the latest activity first), then upcoming ones by kickoff, then finished ones, newest first.</summary>
    public static IReadOnlyList<FixtureView> Day(IEnumerable<PublishedFixture> fixtures, Uri site)
    {
        var all = fixtures.ToList();
        var live = all.Where(f => f.Phase == Active).OrderByDescending(f => f.LastActivity).ThenBy(f => f.Id);
        var upcoming = all.Where(f => f.Phase == Staging).OrderBy(f => f.Kickoff).ThenBy(f => f.Id);
        var finished = all.Where(f => f.Phase != Active && f.Phase != Staging).OrderByDescending(f => f.Kickoff).ThenBy(f => f.Id);
        return live.Concat(upcoming).Concat(finished).Select(f => Fixture(f, site)).ToList();
    }

    public static FixtureView Fixture(PublishedFixture f, Uri site) => new(
        f.Id, f.Kickoff, f.Phase, f.Phase == Active, f.UpstreamStatus, f.Elapsed, f.League, f.Country, f.Home, f.Away,
        f.HomeGoals, f.AwayGoals, f.LastActivity,
        f.Goals.OrderBy(g => g.Minute).ThenBy(g => g.Extra ?? 0).ThenBy(g => g.FirstSeen).Select(g => Goal(g, site)).ToList());

    public static GoalView Goal(PublishedGoal g, Uri site) => new(
        g.Id, new Uri(site, "goals/" + g.Id).ToString(), g.Fixture, g.Minute, g.Extra, g.Team, g.Player, g.Assist, g.Detail,
        g.HomeScoreAfter, g.AwayScoreAfter, g.State, StateText(g), g.Searching, g.FirstSeen,
        g.Clips.OrderBy(c => c.Rank).Select(c => new ClipView(
            new Uri(site, "clips/" + c.Key).ToString(), c.Width, c.Height, c.Duration, c.Bytes, c.Popularity, c.Rank)).ToList(),
        g.ClipsRemoved);

    /// <summary>
    /// A goal's state as a fan reads it. Once retention deleted a goal's clips the goal stays listed with its facts (yesterday's
    /// goals never go missing) and says its clips are gone, rather than offering a clip that no longer plays.
    /// </summary>
    public static string StateText(PublishedGoal g) => g.State switch
    {
        GoalStateNames.Confirmed or GoalStateNames.Complete when g.ClipsRemoved => "Clips no longer kept",
        GoalStateNames.Pending => "Confirming",
        GoalStateNames.Confirmed when g.Searching => "Searching for clips",
        GoalStateNames.Confirmed => "Confirmed",
        GoalStateNames.Complete when g.Clips.Count == 0 => "No clip found",
        GoalStateNames.Complete => "Complete",
        GoalStateNames.Cancelled => "Cancelled by VAR",
        GoalStateNames.Expired => "Not confirmed",
        var other => other,
    };

    /// <summary>The fixture phases as the read model publishes them (the daemon's words, lower case).</summary>
    private static readonly string Staging = nameof(FixturePhase.Staging).ToLowerInvariant(), Active = nameof(FixturePhase.Active).ToLowerInvariant();
}
