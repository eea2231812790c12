using Xunit;

namespace Footy.Scenarios.Tests;

public class RandomScenarioTests
{
    private static string Fingerprint(DayScenario day)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(day.RecordingJson());
        foreach (var d in day.Dates) sb.Append(day.FixturesFileJson(d));
        for (int k = 1; k <= day.PollCount; k++) sb.Append(day.PollFileJson(k));
        sb.Append(ExpectedOutcome.ForDay(day).ToJson());
        return sb.ToString();
    }

    [Fact]
    public void A_seed_always_gives_the_same_day()
    {
        foreach (var seed in new[] { 0, 1, 42, -5, int.MaxValue })
            Assert.Equal(Fingerprint(RandomScenarios.Day(seed)), Fingerprint(RandomScenarios.Day(seed)));
        Assert.NotEqual(Fingerprint(RandomScenarios.Day(1)), Fingerprint(RandomScenarios.Day(2)));
    }

    [Fact]
    public void Written_random_days_are_byte_identical()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        RandomScenarios.Day(99).WriteRecording(a.Path);
        RandomScenarios.Day(99).WriteRecording(b.Path);
        var files = Directory.GetFiles(a.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a.Path, f)).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(b.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b.Path, f)).Order().ToList());
        foreach (var f in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, f)), File.ReadAllBytes(Path.Combine(b.Path, f)));
    }

    [Fact]
    public void Random_days_are_valid_and_cover_every_quirk()
    {
        var seen = new HashSet<string>();
        for (int seed = 1; seed <= 300; seed++)
        {
            var day = RandomScenarios.Day(seed);
            var expected = ExpectedOutcome.ForDay(day);
            Assert.InRange(day.Matches.Count, 1, 6);
            Assert.Equal(day.Matches.Count, day.Matches.Select(m => m.FixtureId).Distinct().Count());
            Assert.All(day.Faults.Keys, p => Assert.True(p <= day.PollCount - 10, $"seed {seed}: fault at {p}"));
            foreach (var f in day.Faults.Values) seen.Add(f.Shape == PollFaultShape.HttpError ? f.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Shape.ToString());

            foreach (var m in day.Matches)
            {
                Assert.True(day.TimeOf(day.PollAt(m.Kickoff)) == m.Kickoff, $"seed {seed}: kickoff off the poll grid");
                var final = m.FinalStatus;
                Assert.Contains(final, new[] { "FT", "AET", "PEN", "PST" });
                seen.Add(final);
                Assert.Equal(final, expected.Fixtures.Single(f => f.Id == m.FixtureId).Status);
                if (final == "PST") { Assert.Empty(m.Events); continue; }

                // no event shows a time the clock has not reached
                foreach (var t in m.Events)
                    foreach (var c in t.Changes.Where(c => c.Visible))
                    {
                        var snap = day.Snapshot(m, c.Poll);
                        if (snap.Status is not ("1H" or "2H" or "ET")) continue;
                        Assert.True((c.Data.Minute, c.Data.Extra ?? 0).CompareTo((snap.Elapsed!.Value, snap.Extra ?? 0)) <= 0,
                            $"seed {seed} fixture {m.FixtureId} event {t.Key}: {c.Data.Minute}+{c.Data.Extra} shown at {snap.Elapsed}+{snap.Extra}");
                    }

                var goalTracks = m.Events.Where(t => t.EverGoal).ToList();
                int lastGoalChange = goalTracks.Count == 0 ? 0 : goalTracks.Max(t => t.LastChangePoll);
                Assert.True(lastGoalChange + 4 <= m.LastStatusPoll, $"seed {seed} fixture {m.FixtureId}: goal change at {lastGoalChange}, final at {m.LastStatusPoll}");

                // the final score is exactly the complete goals
                var last = day.Snapshot(m, day.PollCount);
                var complete = expected.Goals.Where(g => g.Fixture == m.FixtureId && g.State == "complete").ToList();
                Assert.Equal(last.Goals.Home, complete.Count(g => g.Team == m.Home.Name));
                Assert.Equal(last.Goals.Away, complete.Count(g => g.Team == m.Away.Name));
                if (final == "PEN") Assert.NotEqual(last.Penalty.Home, last.Penalty.Away);
                if (final is "AET" or "PEN") Assert.Equal(last.Fulltime.Home, last.Fulltime.Away);

                foreach (var t in goalTracks)
                {
                    var first = t.Changes[0].Data;
                    var end = t.Changes[^1].Data;
                    if (end.Detail == "Own Goal") seen.Add("own goal");
                    if (end.Detail == "Penalty") seen.Add("penalty");
                    if (t.Changes.Any(c => !c.Visible))
                    {
                        var trace = expected.Traces.Single(x => x.Fixture == m.FixtureId && x.Key == t.Key);
                        seen.Add(trace.Goal is null ? "removed before confirmation" : "cancelled");
                        if (trace.Goal is not null) Assert.Equal("cancelled", trace.Goal.State);
                        continue;
                    }
                    if (!first.Player.IsKnown) seen.Add("unknown scorer first");
                    if (first.Player.IsKnown && first.Player != end.Player) seen.Add(first.Detail != end.Detail ? "own goal reattributed" : "scorer correction");
                    if (first.Minute != end.Minute || first.Extra != end.Extra) seen.Add("minute correction");
                    if (!first.Assist.IsKnown && end.Assist.IsKnown) seen.Add("assist added");
                    Assert.InRange(end.Minute - first.Minute, -2, 2);
                    if (first.Player.IsKnown && (first.Player != end.Player || first.Minute != end.Minute || first.Extra != end.Extra))
                        Assert.True(RandomScenarios.ScoreAfterGoalStable(m, t.Key), $"seed {seed} fixture {m.FixtureId} goal {t.Key}: score-after-goal changes");
                }
                if (m.Events.Any(e => e.Changes[0].Data.IsShootout)) seen.Add("shootout");
            }
        }
        var wanted = new[]
        {
            "429", "503", nameof(PollFaultShape.ErrorsEnvelope), nameof(PollFaultShape.Truncated), nameof(PollFaultShape.RawText), "FT", "AET", "PEN", "PST", "own goal", "penalty", "removed before confirmation", "cancelled",
            "unknown scorer first", "scorer correction", "own goal reattributed", "minute correction", "assist added", "shootout",
        };
        Assert.Empty(wanted.Except(seen));
    }

    [Fact]
    public void Options_bound_the_day()
    {
        var day = RandomScenarios.Day(5, new RandomDayOptions
        {
            MinFixtures = 6, MaxFixtures = 6, Date = new DateOnly(2026, 5, 2), FaultChance = 0, Noise = false, PostponedChance = 0,
        });
        Assert.Equal(6, day.Matches.Count);
        Assert.Empty(day.Faults);
        Assert.All(day.Matches, m => Assert.Equal(new DateOnly(2026, 5, 2), DateOnly.FromDateTime(m.Kickoff.UtcDateTime)));
        Assert.All(day.Matches, m => Assert.DoesNotContain(m.Events, e => e.Changes[0].Data.Type is "Card" or "subst"));
    }
}
