using Footy.Media.Synthetic;

namespace Footy.Scenarios;

/// <summary>A clip plan for a day and which posts are copies of the same original (the grouping a correct daemon must find).</summary>
public sealed record PlannedClips(ClipPlan Plan, IReadOnlyDictionary<(int Fixture, string Player, int Minute), IReadOnlyList<IReadOnlySet<string>>> ExpectedGroups);

/// <summary>
/// Synthetic clips for the goals of a day: per standing goal one or two originals (masters), each posted several times
/// as copies that differ (re-encoded, trimmed, other resolution, a broadcaster logo, letterboxed), plus posts the
/// filters must reject (portrait, too small, too short). All goals of a match share the same pitch and camera look:
/// the hard negatives.
/// </summary>
public static class ClipPlans
{
    private static readonly VariantSpec[] Copies =
    [
        new("tv", 1280, 720, Crf: 23),
        new("full-hd-trimmed", 1920, 1080, Crf: 26, Start: 1.0),
        new("logo", 1280, 720, Crf: 28, Logo: true),
        new("re-encoded", 1280, 720, Crf: 33, Duration: 8),
    ];

    private static readonly VariantSpec[] Rejects =
    [
        new("portrait", 720, 1280, Crf: 28),
        new("too-small", 640, 360, Crf: 28),
        new("too-short", 1280, 720, Crf: 28, Duration: 2.5),
    ];

    public static PlannedClips For(DayScenario day, ExpectedOutcome expected, int seed, int maxGoals = int.MaxValue)
    {
        var random = new Random(seed);
        var masters = new List<PlannedMaster>();
        var clips = new List<PlannedClip>();
        var groups = new Dictionary<(int, string, int), IReadOnlyList<IReadOnlySet<string>>>();
        var matches = day.Matches.ToDictionary(m => m.FixtureId);
        var postId = 1_600_000_000_000_000_000L + seed * 1_000_000L;
        foreach (var trace in expected.Traces.Where(t => t.Goal is not null && t.ConfirmedAtPoll is not null).Take(maxGoals))
        {
            var goal = trace.Goal!;
            var match = matches[goal.Fixture];
            var score = RandomScenarios.ScoreAfterGoal(match, trace.Key, trace.ConfirmedAtPoll!.Value);
            var text = score is { } s
                ? $"{goal.Player} goal! {match.Home.Name} {s.Home}-{s.Away} {match.Away.Name} {goal.Minute}'"
                : $"{goal.Player} goal! {match.Home.Name} vs {match.Away.Name} {goal.Minute}'";
            var goalGroups = new List<IReadOnlySet<string>>();
            var originals = random.Next(1, 3);
            for (var o = 0; o < originals; o++)
            {
                var master = new PlannedMaster($"{goal.Fixture}-{trace.Key}-{o}", "m1", random.Next(1, 1_000_000), "1-0", goal.Minute, true, 1280, 720);
                masters.Add(master);
                var copies = Copies.OrderBy(_ => random.Next()).Take(random.Next(2, Copies.Length + 1)).ToList();
                var group = new HashSet<string>();
                foreach (var copy in copies)
                {
                    var id = (postId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    clips.Add(new PlannedClip(id, $"{id}.mp4", master.Name, trace.ConfirmedAtPoll!.Value + 1 + random.Next(0, 8), text, "fan" + random.Next(100), copy));
                    group.Add(id);
                }
                goalGroups.Add(group);
                if (random.Next(3) == 0)
                {
                    var reject = Rejects[random.Next(Rejects.Length)];
                    var id = (postId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    clips.Add(new PlannedClip(id, $"{id}.mp4", master.Name, trace.ConfirmedAtPoll!.Value + 2, text, "bot", reject));
                }
            }
            if (goal.State == "complete") groups[(goal.Fixture, goal.Player, goal.Minute)] = goalGroups;
        }
        return new PlannedClips(new ClipPlan(masters, clips), groups);
    }
}
