using System.CommandLine;
using Footy.Cli.Setup;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy retention --dry-run</c>: what the daemon's retention would remove, read from the daemon, removing nothing.</summary>
internal static class RetentionCommand
{
    /// <summary>A goal a purge would remove, with the keys of the stored clips it would delete.</summary>
    public sealed record GoalToRemove(string Id, long Fixture, string State, IReadOnlyList<string> Clips);

    public sealed record RetentionPreview(
        DateTimeOffset At, int Days, bool DeleteClips, IReadOnlyList<FixtureRow> Fixtures, IReadOnlyList<GoalToRemove> Goals);

    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what a purge would remove, removing nothing (required: purging itself is the daemon's, every poll cycle)" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "As of this time (UTC), e.g. to preview next month; default: the daemon's clock now" };
        return InspectCommand.Create("retention",
            "Retention: which finished fixtures are past Retention:Days (read from this command's configuration), with their goals and stored clips",
            [dryRun, at],
            async (c, p, ct) =>
            {
                if (!p.GetValue(dryRun))
                    throw new AdminCallException("only --dry-run: purging is the daemon's own, every poll cycle, when Retention:DeleteClips is true", 2);
                var retention = OptionsLoader.Load(p.GetValue<string?>("--config")).Options.Retention;
                var now = p.GetValue(at)?.ToUniversalTime() ?? (await c.GetAsync<NodeStatus>("/api/status", ct)).Now;
                var fixtures = (await c.GetAsync<List<FixtureRow>>("/api/fixtures", ct))
                    .Where(f => f.Phase == "finished" && retention.IsPast(f.Kickoff, now)).ToList();
                var goals = new List<GoalToRemove>();
                foreach (var fixture in fixtures)
                foreach (var goal in await c.GetAsync<List<GoalRow>>($"/api/goals?fixture={fixture.Id}", ct))
                {
                    var report = await c.GetAsync<GoalReport>($"/api/goals/{Uri.EscapeDataString(goal.Id)}", ct);
                    goals.Add(new GoalToRemove(goal.Id, goal.Fixture, goal.State, report.Kept.Select(k => k.Key).ToList()));
                }
                return new RetentionPreview(now, retention.Days, retention.DeleteClips, fixtures, goals);
            },
            Text);
    }

    private static string Text(RetentionPreview p)
    {
        var clips = p.Goals.Sum(g => g.Clips.Count);
        var head = p.Days == 0
            ? "Retention:Days is 0: every fixture is kept forever; nothing would be removed."
            : $"At {TextTable.Time(p.At)}, with Retention:Days {p.Days}: {p.Fixtures.Count} fixtures, {p.Goals.Count} goals, {clips} stored clips past retention. " +
              (p.DeleteClips
                  ? "Retention:DeleteClips is true: a purge removes them all (records and clips)."
                  : "Retention:DeleteClips is false: nothing is deleted; the fixtures only leave the poller, their records and clips stay.");
        return head + Environment.NewLine
            + TextTable.Render(["FIXTURE", "MATCH", "KICKOFF"], p.Fixtures.Select(f => (IReadOnlyList<string?>)[f.Id.ToString(), $"{f.Home} vs {f.Away}", TextTable.Time(f.Kickoff)]))
            + TextTable.Render(["GOAL", "FIXTURE", "STATE", "CLIPS"], p.Goals.Select(g => (IReadOnlyList<string?>)[g.Id, g.Fixture.ToString(), g.State, g.Clips.Count.ToString()]))
            + TextTable.Render(["CLIP"], p.Goals.SelectMany(g => g.Clips).Select(k => (IReadOnlyList<string?>)[k]));
    }
}
