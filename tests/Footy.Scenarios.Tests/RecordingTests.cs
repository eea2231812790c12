using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Footy.Scenarios.Tests;

public class RecordingTests
{
    private readonly ITestOutputHelper _out;
    public RecordingTests(ITestOutputHelper output) { _out = output; }

    [Fact]
    public void World_cup_final_files_follow_the_contract()
    {
        using var tmp = new TempDir();
        var day = BundledRecordings.WorldCupFinal2022();
        day.WriteRecording(tmp.Path);
        var summary = RecordingChecker.Check(tmp.Path);
        Assert.Equal(day.PollCount, summary.Polls);
        Assert.Equal(0, summary.FaultPolls);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "fixtures", "2022-12-18.json")));
        using var rec = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "recording.json")));
        Assert.Equal("World Cup 2022 final", rec.RootElement.GetProperty("name").GetString());
        Assert.Equal("2022-12-18T14:35:00Z", rec.RootElement.GetProperty("start").GetString());
        Assert.Equal(30, rec.RootElement.GetProperty("poll_interval_seconds").GetInt32());
    }

    [Fact]
    public void World_cup_final_tells_the_real_story()
    {
        var day = BundledRecordings.WorldCupFinal2022();
        var m = day.Matches.Single();
        Assert.Equal(51, day.PollAt(m.Kickoff));
        var last = day.Snapshot(m, day.PollCount);
        Assert.Equal("PEN", last.Status);
        Assert.Equal(new ScorePair(3, 3), last.Goals);
        Assert.Equal(new ScorePair(2, 0), last.Halftime);
        Assert.Equal(new ScorePair(2, 2), last.Fulltime);
        Assert.Equal(new ScorePair(1, 1), last.Extratime);
        Assert.Equal(new ScorePair(4, 2), last.Penalty);
        Assert.True(last.HomeWinner);
        Assert.False(last.AwayWinner);

        // statuses NS -> 1H -> HT -> 2H -> ET -> BT -> ET -> P -> PEN, in order
        var seen = new List<string>();
        for (int k = 1; k <= day.PollCount; k++)
        {
            var s = day.Snapshot(m, k).Status;
            if (seen.Count == 0 || seen[^1] != s) seen.Add(s);
        }
        Assert.Equal(new[] { "NS", "1H", "HT", "2H", "ET", "BT", "ET", "P", "PEN" }, seen);

        // about two polls per match minute, stoppage time in status.extra
        Assert.Equal(23, day.Snapshot(m, 51 + 44).Elapsed);
        var endOfFirstHalf = day.Snapshot(m, Enumerable.Range(1, day.PollCount).First(k => day.Snapshot(m, k).Status == "HT") - 1);
        Assert.Equal((45, 7), (endOfFirstHalf.Elapsed!.Value, endOfFirstHalf.Extra!.Value));

        var expected = ExpectedOutcome.ForDay(day);
        Assert.Equal(new ExpectedFixture(979139, "PEN", "Argentina", "France"), Assert.Single(expected.Fixtures));
        Assert.Equal(new[]
        {
            new ExpectedGoal(979139, "Argentina", "L. Messi", 23, null, "Penalty", "complete"),
            new ExpectedGoal(979139, "Argentina", "Á. Di María", 36, null, "Normal Goal", "complete"),
            new ExpectedGoal(979139, "France", "R. Kolo Muani", 59, null, "Normal Goal", "cancelled"),
            new ExpectedGoal(979139, "France", "K. Mbappé", 80, null, "Penalty", "complete"),
            new ExpectedGoal(979139, "France", "K. Mbappé", 81, null, "Normal Goal", "complete"),
            new ExpectedGoal(979139, "Argentina", "L. Messi", 108, null, "Normal Goal", "complete"),
            new ExpectedGoal(979139, "France", "K. Mbappé", 118, null, "Penalty", "complete"),
        }, expected.Goals);

        // the quirks are really there
        var diMaria = m.Track("dimaria-36");
        Assert.Equal("A. Mac Allister", diMaria.Changes[0].Data.Player.Name);
        Assert.Equal(6, diMaria.Changes[1].Poll - diMaria.Changes[0].Poll);
        Assert.Equal(80, m.Track("mbappe-81").Changes[0].Data.Minute);
        Assert.False(m.Track("messi-108").Changes[0].Data.Player.IsKnown);
        Assert.Equal(2, m.Track("messi-108").Changes[1].Poll - m.Track("messi-108").Changes[0].Poll);
        Assert.Equal(6, m.Track("kolomuani-59").Changes[1].Poll - m.Track("kolomuani-59").Changes[0].Poll);
        Assert.True(day.PollCount - m.LastStatusPoll >= 5);
    }

    [Fact]
    public void Saturday_files_follow_the_contract_and_hold_the_faults()
    {
        using var tmp = new TempDir();
        var day = BundledRecordings.SaturdayOverlap();
        day.WriteRecording(tmp.Path);
        var summary = RecordingChecker.Check(tmp.Path);
        Assert.Equal(2, summary.FaultPolls);
        Assert.Equal(901, summary.Polls); // 12:00 .. 19:30
        var faults = day.Faults.Values.ToList();
        Assert.Contains(faults, f => f.Status == 429);
        Assert.Contains(faults, f => f.Status == 200 && f.ErrorKey == "requests");
        var errorsPoll = day.Faults.Single(f => f.Value.Status == 200).Key;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "polls", DayScenario.PollFileName(errorsPoll))));
        Assert.Equal("You have reached the request limit for the day", doc.RootElement.GetProperty("errors").GetProperty("requests").GetString());
        _out.WriteLine($"saturday: {summary}");
    }

    [Fact]
    public void Saturday_expected_outcome()
    {
        var day = BundledRecordings.SaturdayOverlap();
        var expected = ExpectedOutcome.ForDay(day);
        Assert.Equal(7, expected.Fixtures.Count);
        Assert.Equal(5, day.Matches.Count(m => m.Kickoff.Hour == 15));
        Assert.Equal("PST", expected.Fixtures.Single(f => f.Home == "Brentford").Status);
        Assert.All(expected.Fixtures.Where(f => f.Home != "Brentford"), f => Assert.Equal("FT", f.Status));
        Assert.Single(expected.Goals, g => g.Detail == "Own Goal" && g.Team == "Arsenal" && g.Player == "Nélson Semedo");
        Assert.DoesNotContain(expected.Goals, g => g.Player == "R. Jiménez");
        Assert.All(expected.Goals, g => Assert.Equal("complete", g.State));
        Assert.Equal(16, expected.Goals.Count);
        // the disallowed goal was visible for exactly 2 polls
        var brighton = day.Matches.Single(m => m.Home.Name == "Brighton");
        var jimenez = brighton.Track("jimenez-55");
        Assert.Equal(2, jimenez.Changes[1].Poll - jimenez.Changes[0].Poll);
    }

    [Fact]
    public void Goals_follow_the_visible_events_in_random_days()
    {
        for (int seed = 1; seed <= 12; seed++)
        {
            using var tmp = new TempDir();
            var day = RandomScenarios.Day(seed);
            day.WriteRecording(tmp.Path);
            var summary = RecordingChecker.Check(tmp.Path);
            Assert.Equal(day.PollCount, summary.Polls);
            Assert.Equal(day.Faults.Count, summary.FaultPolls);
        }
    }

    [Fact]
    public void Poll_times_line_up_with_the_recording_clock()
    {
        var day = RandomScenarios.Day(7, new RandomDayOptions { MinFixtures = 3, MaxFixtures = 3 });
        foreach (var m in day.Matches)
        {
            int first = day.PollAt(m.Kickoff - TimeSpan.FromMinutes(30));
            Assert.Equal(m.Kickoff - TimeSpan.FromMinutes(30), day.TimeOf(first)); // kickoffs are on the poll grid
            Assert.DoesNotContain(m, day.FixturesInPoll(first - 1));
            Assert.Contains(m, day.FixturesInPoll(first));
            if (m.Statuses.Count > 0 && m.Statuses[0].Short == "1H")
                Assert.Equal(m.Kickoff, day.TimeOf(m.Statuses[0].Poll));
        }
        Assert.Equal(day.Start.AddSeconds(30 * 99), day.TimeOf(100));
    }
}
