using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;
using Footy.Domain.Goals;

namespace Footy.Daemon.Summary;

/// <summary>The published outcome of the fixtures the daemon tracks: the contract's summary (recording-format.md).</summary>
public sealed record MatchdaySummary(
    [property: JsonPropertyName("fixtures")] IReadOnlyList<SummaryFixture> Fixtures,
    [property: JsonPropertyName("goals")] IReadOnlyList<SummaryGoal> Goals)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MatchdaySummary FromJson(string json) =>
        JsonSerializer.Deserialize<MatchdaySummary>(json, Json) ?? throw new JsonException("empty summary");

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var fixture in Fixtures)
        {
            var goals = Goals.Where(g => g.Fixture == fixture.Id).ToList();
            text.AppendLine($"{fixture.Home} vs {fixture.Away}  [upstream {fixture.Status}]  fixture {fixture.Id}");
            if (goals.Count == 0) text.AppendLine("    no confirmed goals");
            foreach (var g in goals)
            {
                var minute = g.Extra is { } extra ? $"{g.Minute}+{extra}'" : $"{g.Minute}'";
                var detail = g.Detail == "Normal Goal" ? "" : $" ({g.Detail.ToLowerInvariant()})";
                text.AppendLine($"    {minute,-7} {g.Player}{detail}, {g.Team}  -> {g.State}  [{g.Id}]");
                foreach (var clip in g.Clips)
                    text.AppendLine($"            clip {clip.Width}x{clip.Height} {clip.Duration:0.0} s, {clip.Popularity} cop{(clip.Popularity == 1 ? "y" : "ies")}: {clip.Key}");
            }
        }
        var complete = Goals.Count(g => g.State == GoalStateNames.Complete);
        var cancelled = Goals.Count(g => g.State == GoalStateNames.Cancelled);
        text.AppendLine($"{Fixtures.Count} fixtures, {complete} goals complete, {cancelled} cancelled, {Goals.Sum(g => g.Clips.Count)} clips kept");
        return text.ToString();
    }

    /// <summary>Asks the poller for every tracked fixture, then each fixture and each of its goals.</summary>
    public static async Task<MatchdaySummary> CollectAsync(IActorRegistry registry, TimeSpan timeout, CancellationToken ct = default)
    {
        var poller = await registry.GetAsync<LivePoller>(ct);
        var fixtures = await registry.GetFixtureRegionAsync(ct);
        var goals = await registry.GetGoalRegionAsync(ct);
        var status = await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus(), timeout, ct);

        var views = await Task.WhenAll(status.Fixtures.Select(f =>
            fixtures.Ask<FixtureQueries.FixtureView>(new FixtureQueries.GetFixture(f.Id), timeout, ct)));
        var goalViews = await Task.WhenAll(views.SelectMany(v => v.Goals).Select(id =>
            goals.Ask<GoalQueries.GoalView>(new GoalQueries.GetGoal(id), timeout, ct)));

        var summaryFixtures = views
            .OrderBy(v => v.Kickoff).ThenBy(v => v.Id.Value)
            .Select(v => new SummaryFixture(v.Id.Value, v.Status, v.Home?.Name ?? "", v.Away?.Name ?? ""))
            .ToList();
        var summaryGoals = goalViews
            .Where(g => g.SummaryState is not null && g.Facts is not null)
            .OrderBy(g => g.Fixture.Value).ThenBy(g => g.Facts!.Minute).ThenBy(g => g.Facts!.Extra ?? 0).ThenBy(g => Ordinal(g.Id))
            .Select(g => new SummaryGoal(g.Id.Value, g.Fixture.Value, g.Facts!.TeamName, g.Facts.PlayerName ?? "",
                g.Facts.Minute, g.Facts.Extra, GoalDetails.ToApiString(g.Facts.Detail), g.SummaryState!, ClipsOf(g)))
            .ToList();
        return new MatchdaySummary(summaryFixtures, summaryGoals);
    }

    /// <summary>The clips a goal keeps, best known first; a withdrawn goal's clips have been deleted.</summary>
    private static IReadOnlyList<SummaryClip> ClipsOf(GoalQueries.GoalView goal) =>
        goal.Hunt is null
            ? []
            : goal.Hunt.ClipsBestFirst()
                .Select(c => new SummaryClip(c.Key, c.Probe.Width, c.Probe.Height, Math.Round(c.Probe.DurationSeconds, 2),
                    c.Probe.Bytes, c.Popularity, c.Sources.ToList()))
                .ToList();

    private static int Ordinal(GoalId id) =>
        int.TryParse(id.Value[(id.Value.LastIndexOf('-') + 1)..], out var n) ? n : 0;
}

public sealed record SummaryFixture(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("home")] string Home,
    [property: JsonPropertyName("away")] string Away);

public sealed record SummaryGoal(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("fixture")] long Fixture,
    [property: JsonPropertyName("team")] string Team,
    [property: JsonPropertyName("player")] string Player,
    [property: JsonPropertyName("minute")] int Minute,
    [property: JsonPropertyName("extra")] int? Extra,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("clips")] IReadOnlyList<SummaryClip> Clips);

public sealed record SummaryClip(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("duration")] double Duration,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("popularity")] int Popularity,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources);
