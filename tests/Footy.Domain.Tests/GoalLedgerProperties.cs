using FsCheck.Xunit;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

/// <summary>Property tests over random sequences of polls built from random upstream events.</summary>
public class GoalLedgerProperties
{
    private static readonly (string? Name, long? Id)[] Players = [("A", 1), ("B", 2), ("C", 3), ("Unknown", null), (null, null)];
    private static readonly string[] Details = ["Normal Goal", "Penalty", "Own Goal", "Missed Penalty"];

    private static MatchEvent ToEvent(int raw)
    {
        var x = raw & int.MaxValue;
        long team = x % 17 == 0 ? 999 : x % 3 == 0 ? Away.Id : Home.Id;
        var (name, id) = Players[x / 3 % Players.Length];
        if (x / 15 % 4 == 0) id = null;
        var minute = x / 60 % 50 + 1;
        var detail = Details[x / 3000 % Details.Length];
        return Event(minute, team: team, player: name, playerId: id, detail: detail, teamName: null);
    }

    private static List<IReadOnlyList<GoalFacts>> ToPolls(int[][]? raw) =>
        (raw ?? [])
            .Take(12)
            .Select(p => GoalEventRules.ExtractGoals(Snapshot((p ?? []).Take(8).Select(ToEvent).ToArray())))
            .ToList();

    [Property(MaxTest = 200)]
    public void Ids_are_never_reused_and_entries_count_new_goals(int[][] raw)
    {
        var ledger = GoalLedger.Empty(Fx);
        var newIds = new List<GoalId>();
        foreach (var observed in ToPolls(raw))
        {
            var before = ledger.Entries.Select(e => e.Id).ToHashSet();
            var m = ledger.Match(observed);
            foreach (var s in m.Seen.Where(s => s.IsNew))
            {
                Assert.DoesNotContain(s.Id, before);
                Assert.DoesNotContain(s.Id, newIds);
                newIds.Add(s.Id);
            }

            ledger = ledger.Record(m);
        }

        Assert.Equal(newIds.Count, ledger.Entries.Count);
        Assert.Equal(newIds, ledger.Entries.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, newIds.Count), ledger.Entries.Select(e => e.Ordinal));
        Assert.All(ledger.Entries, e => Assert.Equal(GoalId.For(Fx, e.Ordinal), e.Id));
    }

    [Property(MaxTest = 200)]
    public void Every_match_is_a_one_to_one_assignment(int[][] raw)
    {
        var ledger = GoalLedger.Empty(Fx);
        foreach (var observed in ToPolls(raw))
        {
            var old = ledger.Entries.Select(e => e.Id).ToList();
            var m = ledger.Match(observed);

            Assert.Equal(observed, m.Seen.Select(s => s.Facts));
            var seenIds = m.Seen.Select(s => s.Id).ToList();
            Assert.Equal(seenIds.Count, seenIds.Distinct().Count());
            Assert.Empty(seenIds.Intersect(m.Missing));
            Assert.Equal(
                old.OrderBy(i => i.Value),
                m.Seen.Where(s => !s.IsNew).Select(s => s.Id).Concat(m.Missing).OrderBy(i => i.Value));

            ledger = ledger.Record(m);
            Assert.Equal(seenIds.ToHashSet(), ledger.Entries.Where(e => e.SeenInLastPoll).Select(e => e.Id).ToHashSet());
        }
    }

    [Property(MaxTest = 200)]
    public void Matched_goals_satisfy_some_tier(int[][] raw)
    {
        var ledger = GoalLedger.Empty(Fx);
        foreach (var observed in ToPolls(raw))
        {
            var m = ledger.Match(observed);
            foreach (var s in m.Seen.Where(s => !s.IsNew))
            {
                var before = ledger.Find(s.Id)!.Facts;
                var distance = Math.Abs(before.MinuteOrdinal - s.Facts.MinuteOrdinal);
                Assert.Equal(before.TeamId, s.Facts.TeamId);
                Assert.True(distance <= 2 || (before.SameScorerAs(s.Facts) && distance <= 10),
                    $"{before} matched {s.Facts}");
            }

            ledger = ledger.Record(m);
        }
    }

    [Property(MaxTest = 200)]
    public void Match_is_pure_record_is_idempotent_and_an_unchanged_poll_is_stable(int[][] raw)
    {
        var ledger = GoalLedger.Empty(Fx);
        foreach (var observed in ToPolls(raw))
        {
            var entries = ledger.Entries;
            var m = ledger.Match(observed);
            Assert.Same(entries, ledger.Entries);
            var again = ledger.Match(observed);
            Assert.Equal(m.Seen, again.Seen);
            Assert.Equal(m.Missing, again.Missing);

            var recorded = ledger.Record(m);
            Assert.Equal(recorded, recorded.Record(m));

            var repeat = recorded.Match(observed);
            Assert.DoesNotContain(repeat.Seen, s => s.IsNew);
            Assert.Equal(
                m.Seen.Select(s => (s.Id.Value, s.Facts)).OrderBy(p => p.Value).ToList(),
                repeat.Seen.Select(s => (s.Id.Value, s.Facts)).OrderBy(p => p.Value).ToList());
            Assert.Equal(recorded, recorded.Record(repeat));

            ledger = recorded;
        }
    }
}
