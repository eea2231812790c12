using System.Text.Json;
using FsCheck.Xunit;
using Footy.Domain.Fixtures;
using static Footy.Domain.Fixtures.FixtureEffects;
using static Footy.Domain.Fixtures.FixtureEvents;
using static Footy.Domain.Fixtures.FixtureInputs;
using static Footy.Domain.Tests.Fixtures.FixtureStateTests;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests.Fixtures;

/// <summary>
/// Property tests over random matches: polls 30 s apart (the poller's clock only moves forward) whose status, goals and
/// elapsed minute come from the random bytes, often repeating the previous poll, as a live match does most of the time.
/// </summary>
public class FixtureStateProperties
{
    private static readonly string[] Statuses = ["1H", "1H", "1H", "HT", "2H", "2H", "FT", "NS", "PST", "SUSP"];

    private static readonly MatchEvent[] Goals =
        [Event(10), Event(35, team: 541, player: "Vinicius Junior", playerId: 762, teamName: "Real Madrid"), Event(70, player: "Koke", playerId: 6)];

    private static List<FixtureInput> Match(byte[]? ops)
    {
        var polls = new List<FixtureInput> { new Schedule(Poll("NS")), new Activate(T0.AddMinutes(-30)) };
        FixtureSnapshot? previous = null;
        var i = 0;
        foreach (var op in ops ?? [])
        {
            i++;
            // Two polls in three repeat the previous one (only the elapsed minute moves).
            var snapshot = previous is not null && op % 3 != 0
                ? previous with { Elapsed = i }
                : Snapshot(op, i);
            previous = snapshot;
            polls.Add(new ObservePoll(snapshot, At(i * 30)));
        }
        return polls;
    }

    private static FixtureSnapshot Snapshot(byte op, int elapsed)
    {
        var goals = Goals.Take(op / Statuses.Length % (Goals.Length + 1)).ToArray();
        return Poll(Statuses[op % Statuses.Length], elapsed, goals.Count(g => g.TeamId == Home.Id), goals.Count(g => g.TeamId == Away.Id), null, goals);
    }

    private sealed record Run(FixtureState State, List<IFixtureEvent> Persisted, List<FixtureEffect> Effects);

    private static Run Play(FixtureState start, IEnumerable<FixtureInput> inputs)
    {
        var run = new Run(start, [], []);
        foreach (var input in inputs)
        {
            var (state, decision) = Step(run.State, input);
            run.Persisted.AddRange(decision.Events);
            run.Effects.AddRange(decision.Effects);
            run = run with { State = state };
        }
        return run;
    }

    private static string Json(IEnumerable<IFixtureEvent> events) => JsonSerializer.Serialize(events.Select(e => (object)e));

    /// <summary>What the fixture keeps, without the two things it only notes in memory: the time of the last poll and its elapsed minute.</summary>
    private static string Kept(FixtureState s) => JsonSerializer.Serialize(s with { Lifecycle = s.Lifecycle with { LastObservedAt = null }, Elapsed = null });

    [Property(MaxTest = 300)]
    public void A_fixture_restarted_from_its_journal_at_any_point_persists_what_an_uninterrupted_one_persists(byte[] ops, byte cut)
    {
        var match = Match(ops);
        var whole = Play(FixtureState.Empty(Fx, Grace), match);

        var k = cut % (match.Count + 1);
        var before = Play(FixtureState.Empty(Fx, Grace), match.Take(k));
        var recovered = FixtureState.Empty(Fx, Grace).ApplyAll(before.Persisted);
        var after = Play(recovered, match.Skip(k));

        Assert.Equal(Json(whole.Persisted), Json([.. before.Persisted, .. after.Persisted]));
        Assert.Equal(Kept(whole.State), Kept(after.State));
    }

    [Property(MaxTest = 300)]
    public void What_the_fixture_keeps_is_the_fold_of_what_it_persisted(byte[] ops)
    {
        var run = Play(FixtureState.Empty(Fx, Grace), Match(ops));
        Assert.Equal(Kept(run.State), Kept(FixtureState.Empty(Fx, Grace).ApplyAll(run.Persisted)));
    }

    [Property(MaxTest = 300)]
    public void Every_poll_until_the_match_finished_reaches_the_goals_once_whether_persisted_or_not(byte[] ops)
    {
        var state = FixtureState.Empty(Fx, Grace);
        foreach (var input in Match(ops))
        {
            var wasFinished = state.Lifecycle.Phase == FixturePhase.Finished;
            var (next, decision) = Step(state, input);
            var handed = decision.Effects.OfType<HandPollToGoals>().ToList();
            if (input is ObservePoll poll && !wasFinished)
            {
                var hand = Assert.Single(handed);
                Assert.Equal((poll.At, true), (hand.Poll.At, hand.AnswerWhenDone));
                Assert.Equal(next.Lifecycle.Phase == FixturePhase.Finished, hand.MatchFinished);
            }
            else
            {
                Assert.Empty(handed);
            }
            state = next;
        }
    }

    [Property(MaxTest = 300)]
    public void A_poll_repeating_the_last_one_is_persisted_only_to_count_a_grace_poll(byte[] ops)
    {
        var state = FixtureState.Empty(Fx, Grace);
        ObservePoll? previous = null;
        foreach (var input in Match(ops))
        {
            var phase = state.Lifecycle.Phase;
            var (next, decision) = Step(state, input);
            if (input is ObservePoll poll && previous is not null && phase is FixturePhase.Active or FixturePhase.Finishing
                && poll.Snapshot with { Elapsed = null } == previous.Snapshot with { Elapsed = null })
                Assert.Equal(phase == FixturePhase.Finishing, decision.Events.Count > 0);
            previous = input as ObservePoll ?? previous;
            state = next;
        }
    }
}
