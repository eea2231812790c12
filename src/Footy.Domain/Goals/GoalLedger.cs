using System.Collections.Immutable;
using Footy.Domain.Fixtures;

namespace Footy.Domain.Goals;

/// <summary>One goal the fixture has ever shown. <paramref name="Ordinal"/> starts at 1 and is never reused.</summary>
public sealed record LedgerEntry(GoalId Id, int Ordinal, GoalFacts Facts, bool SeenInLastPoll);

/// <summary>One observed goal of a poll, mapped onto a goal id.</summary>
public sealed record GoalSighting(GoalId Id, GoalFacts Facts, bool IsNew);

/// <summary>
/// The result of matching one poll against the ledger: every observed goal (in observed order) and every ledger
/// entry that was not observed (in ledger order).
/// </summary>
public sealed record LedgerMatch(IReadOnlyList<GoalSighting> Seen, IReadOnlyList<GoalId> Missing)
{
    public IEnumerable<GoalSighting> NewGoals => Seen.Where(s => s.IsNew);
}

/// <summary>
/// Per-fixture memory that maps each poll's observed goals onto stable goal ids, so that corrections (minute,
/// assist, detail) and re-attributions (scorer changed, e.g. a goal turned into an own goal after review) keep
/// their id and everything already attached to it.
/// <para>
/// Matching is a one-to-one assignment of observed goals to ledger entries, built in priority tiers. Within a
/// tier every still-unassigned (entry, observed) pair that qualifies is a candidate; candidates are taken greedily,
/// ordered by: entries seen in the last poll first, then smallest minute distance (minute + extra), then ledger
/// order, then observed order.
/// </para>
/// <list type="number">
/// <item>(0) unchanged: identical facts (so re-matching an unchanged poll always returns the same ids).</item>
/// <item>(a) exact: same team, same scorer, same minute and extra.</item>
/// <item>(b) corrected: same team, same scorer, minute distance &lt;= 10.</item>
/// <item>(c) re-attributed: same team, same score after the goal (home, away), minute distance &lt;= 2, any
/// other scorer (this also lets an unknown scorer become known).</item>
/// <item>(d) shifted: same team, minute distance &lt;= 2 (the score moved because an earlier goal was withdrawn).</item>
/// </list>
/// <para>
/// "Same team" is <see cref="GoalFacts.TeamId"/>; "same scorer" is <see cref="GoalFacts.SameScorerAs"/> (player id
/// when both sides have one, else normalized name). Because matching is one-to-one, two goals by the same player
/// stay two ids. Observed goals left unassigned are new: they get ids <c>GoalId.For(Fixture, Entries.Count + k)</c>,
/// k = 1, 2, ... in observed order. Entries left unassigned are <see cref="LedgerMatch.Missing"/>.
/// </para>
/// </summary>
public sealed record GoalLedger(FixtureId Fixture, ImmutableList<LedgerEntry> Entries)
{
    public const int CorrectionWindowMinutes = 10;
    public const int ReattributionWindowMinutes = 2;

    public static GoalLedger Empty(FixtureId fixture) => new(fixture, ImmutableList<LedgerEntry>.Empty);

    public LedgerEntry? Find(GoalId id) => Entries.FirstOrDefault(e => e.Id == id);

    /// <summary>Matches one poll's goals against the ledger. Pure: the ledger is not changed (see <see cref="Record"/>).</summary>
    public LedgerMatch Match(IReadOnlyList<GoalFacts> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var entryFor = new int[observed.Count];
        Array.Fill(entryFor, -1);
        var entryTaken = new bool[Entries.Count];

        foreach (var tier in Tiers)
        {
            var candidates = new List<(int Entry, int Observed, int Distance)>();
            for (var i = 0; i < Entries.Count; i++)
            {
                if (entryTaken[i]) continue;
                for (var j = 0; j < observed.Count; j++)
                {
                    if (entryFor[j] >= 0) continue;
                    var before = Entries[i].Facts;
                    var after = observed[j];
                    if (before.TeamId == after.TeamId && tier(before, after))
                    {
                        candidates.Add((i, j, Distance(before, after)));
                    }
                }
            }

            candidates.Sort((x, y) =>
            {
                var c = Entries[y.Entry].SeenInLastPoll.CompareTo(Entries[x.Entry].SeenInLastPoll);
                if (c != 0) return c;
                c = x.Distance.CompareTo(y.Distance);
                if (c != 0) return c;
                c = x.Entry.CompareTo(y.Entry);
                return c != 0 ? c : x.Observed.CompareTo(y.Observed);
            });

            foreach (var (entry, obs, _) in candidates)
            {
                if (entryTaken[entry] || entryFor[obs] >= 0) continue;
                entryTaken[entry] = true;
                entryFor[obs] = entry;
            }
        }

        var seen = new List<GoalSighting>(observed.Count);
        var next = Entries.Count;
        for (var j = 0; j < observed.Count; j++)
        {
            seen.Add(entryFor[j] >= 0
                ? new GoalSighting(Entries[entryFor[j]].Id, observed[j], IsNew: false)
                : new GoalSighting(GoalId.For(Fixture, ++next), observed[j], IsNew: true));
        }

        var missing = new List<GoalId>();
        for (var i = 0; i < Entries.Count; i++)
        {
            if (!entryTaken[i]) missing.Add(Entries[i].Id);
        }

        return new LedgerMatch(seen, missing);
    }

    /// <summary>
    /// Applies a match computed by <see cref="Match"/> on this ledger: known ids take the observed facts, new ids
    /// are appended (ordinal = position), and <see cref="LedgerEntry.SeenInLastPoll"/> becomes true exactly for
    /// the sighted ids. Deterministic and idempotent (re-applying the same match changes nothing), so an actor can
    /// re-apply journaled matches on recovery.
    /// </summary>
    /// <exception cref="ArgumentException">A new id does not fit this ledger (the match was computed on another state).</exception>
    public GoalLedger Record(LedgerMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var index = new Dictionary<GoalId, int>();
        for (var i = 0; i < Entries.Count; i++) index[Entries[i].Id] = i;

        var builder = Entries.ToBuilder();
        for (var i = 0; i < builder.Count; i++)
        {
            if (builder[i].SeenInLastPoll) builder[i] = builder[i] with { SeenInLastPoll = false };
        }

        foreach (var s in match.Seen)
        {
            if (index.TryGetValue(s.Id, out var i))
            {
                builder[i] = builder[i] with { Facts = s.Facts, SeenInLastPoll = true };
                continue;
            }

            var ordinal = builder.Count + 1;
            if (s.Id != GoalId.For(Fixture, ordinal))
            {
                throw new ArgumentException(
                    $"Goal id {s.Id} does not fit ledger {Fixture} (next id is {GoalId.For(Fixture, ordinal)}).",
                    nameof(match));
            }

            index[s.Id] = builder.Count;
            builder.Add(new LedgerEntry(s.Id, ordinal, s.Facts, SeenInLastPoll: true));
        }

        return this with { Entries = builder.ToImmutable() };
    }

    private static readonly Func<GoalFacts, GoalFacts, bool>[] Tiers =
    [
        (e, o) => e == o,
        (e, o) => e.SameScorerAs(o) && e.Minute == o.Minute && (e.Extra ?? 0) == (o.Extra ?? 0),
        (e, o) => e.SameScorerAs(o) && Distance(e, o) <= CorrectionWindowMinutes,
        (e, o) => e.HomeScoreAfter == o.HomeScoreAfter && e.AwayScoreAfter == o.AwayScoreAfter
                  && Distance(e, o) <= ReattributionWindowMinutes,
        (e, o) => Distance(e, o) <= ReattributionWindowMinutes,
    ];

    private static int Distance(GoalFacts a, GoalFacts b) => Math.Abs(a.MinuteOrdinal - b.MinuteOrdinal);

    // Records with ImmutableList compare the list by reference; compare entries by value instead.
    public bool Equals(GoalLedger? other) =>
        other is not null && Fixture == other.Fixture && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => HashCode.Combine(Fixture, Entries.Count);
}
