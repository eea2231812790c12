using FsCheck.Xunit;
using Footy.Domain.Goals;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

/// <summary>Property tests over random command sequences (times strictly increasing, one second apart).</summary>
public class GoalLifecycleProperties
{
    private static readonly GoalFacts[] KnownFacts =
    [
        Goal(player: "A. Griezmann", playerId: 10, minute: 30),
        Goal(player: "A. Griezmann", playerId: 10, minute: 31, assist: "Koke", assistId: 7),
        Goal(player: "D. Carvajal", playerId: 50, minute: 30, detail: GoalDetail.OwnGoal),
    ];

    /// <summary>Maps a byte to a command: mostly sightings and misses, some unknown-scorer sightings, rare finish.</summary>
    private static GoalCommand ToCommand(byte op, int index)
    {
        var at = At(index + 1);
        return (op % 20) switch
        {
            < 8 or 19 => new ObserveSeen(at, KnownFacts[op / 20 % KnownFacts.Length]),
            8 or 9 => new ObserveSeen(at, Unknown(minute: 30)),
            < 16 => new ObserveMissing(at),
            16 or 17 => new MarkComplete(at),
            _ => new MarkMatchFinished(at),
        };
    }

    private static ConfirmationRules ToRules(byte a, byte b) => new(1 + a % 4, 1 + b % 4);

    private static GoalCommand[] ToCommands(byte[]? ops) =>
        (ops ?? []).Select((op, i) => ToCommand(op, i)).ToArray();

    private static (GoalLifecycle State, List<IReadOnlyList<GoalEvent>> Events) Run(
        GoalLifecycle state, ConfirmationRules rules, IEnumerable<GoalCommand> commands)
    {
        var all = new List<IReadOnlyList<GoalEvent>>();
        foreach (var c in commands)
        {
            var events = state.Decide(c, rules);
            state = state.ApplyAll(events);
            all.Add(events);
        }

        return (state, all);
    }

    private static GoalLifecycle New() => GoalLifecycle.New(GoalId.For(Fx, 1), Fx);

    private static bool IsKnownSighting(GoalCommand c) => c is ObserveSeen s && s.Facts.HasKnownScorer;

    [Property(MaxTest = 300)]
    public void Never_confirmed_without_enough_known_scorer_sightings_since_the_last_miss(byte[] ops, byte a, byte b)
    {
        var rules = ToRules(a, b);
        var commands = ToCommands(ops);
        var (_, events) = Run(New(), rules, commands);

        for (var i = 0; i < commands.Length; i++)
        {
            if (!events[i].OfType<GoalConfirmed>().Any()) continue;
            Assert.True(IsKnownSighting(commands[i]), "confirmation must come from a known-scorer sighting");
            var known = 0;
            for (var j = i; j >= 0 && commands[j] is not ObserveMissing; j--)
            {
                if (IsKnownSighting(commands[j])) known++;
            }

            Assert.True(known >= rules.SightingsToConfirm, $"confirmed at {i} after only {known} known sightings");
        }
    }

    [Property(MaxTest = 300)]
    public void Withdrawn_only_after_enough_consecutive_misses(byte[] ops, byte a, byte b)
    {
        var rules = ToRules(a, b);
        var commands = ToCommands(ops);
        var (_, events) = Run(New(), rules, commands);

        for (var i = 0; i < commands.Length; i++)
        {
            if (!events[i].OfType<GoalWithdrawn>().Any()) continue;
            var observations = commands.Take(i + 1)
                .Where(c => c is ObserveSeen or ObserveMissing)
                .TakeLast(rules.MissesToWithdraw)
                .ToList();
            Assert.Equal(rules.MissesToWithdraw, observations.Count);
            Assert.All(observations, c => Assert.IsType<ObserveMissing>(c));
        }
    }

    [Property(MaxTest = 300)]
    public void State_is_the_fold_of_all_decided_events(byte[] ops, byte a, byte b)
    {
        var rules = ToRules(a, b);
        var (incremental, events) = Run(New(), rules, ToCommands(ops));
        var folded = New().ApplyAll(events.SelectMany(e => e));
        Assert.Equal(incremental, folded);
    }

    [Property(MaxTest = 300)]
    public void Replaying_any_prefix_changes_nothing(byte[] ops, byte a, byte b, int cut)
    {
        var rules = ToRules(a, b);
        var commands = ToCommands(ops);
        var k = commands.Length == 0 ? 0 : (cut & int.MaxValue) % (commands.Length + 1);
        var prefix = commands.Take(k).ToArray();

        var (once, _) = Run(New(), rules, commands);

        // Redelivered after everything: no events at all.
        var (afterAll, replayEvents) = Run(once, rules, prefix);
        Assert.All(replayEvents, Assert.Empty);
        Assert.Equal(once, afterAll);

        // Redelivered in the middle (crash after the prefix, then the prefix again): same end state.
        var (mid, _) = Run(New(), rules, prefix);
        var (midReplayed, midEvents) = Run(mid, rules, prefix);
        Assert.All(midEvents, Assert.Empty);
        var (twice, _) = Run(midReplayed, rules, commands.Skip(k));
        Assert.Equal(once, twice);
    }

    [Property(MaxTest = 300)]
    public void Published_states_follow_a_confirmation(byte[] ops, byte a, byte b)
    {
        var rules = ToRules(a, b);
        var state = New();
        var confirmedEver = false;
        foreach (var c in ToCommands(ops))
        {
            var events = state.Decide(c, rules);
            confirmedEver |= events.OfType<GoalConfirmed>().Any();
            state = state.ApplyAll(events);

            Assert.Equal(confirmedEver, state.WasConfirmed);
            Assert.True(state.SeenStreak >= 0 && state.MissingStreak >= 0);
            Assert.False(state.SeenStreak > 0 && state.MissingStreak > 0, "one streak is always zero");
            if (state.SummaryState is not null) Assert.True(confirmedEver);
            if (state.Stage is GoalStage.Confirmed or GoalStage.Complete) Assert.NotNull(state.ConfirmedAt);
            if (state.Stage == GoalStage.Expired) Assert.True(state.MatchFinished);
        }
    }

    [Property(MaxTest = 200)]
    public void Terminal_states_ignore_every_observation(byte[] ops, byte a, byte b, byte extra)
    {
        var rules = ToRules(a, b);
        var (state, _) = Run(New(), rules, ToCommands(ops));
        if (!state.IsTerminal) return;

        var late = new GoalCommand[]
        {
            new ObserveSeen(At(100_000), KnownFacts[extra % KnownFacts.Length]),
            new ObserveMissing(At(100_001)),
            new ObserveSeen(At(100_002), Unknown()),
        };
        var (after, events) = Run(state, rules, late);
        Assert.All(events, Assert.Empty);
        Assert.Equal(state, after);
    }
}
