using System.Text.Json;
using FsCheck.Xunit;
using Footy.Domain.Fixtures;
using Footy.Domain.Polling;
using static Footy.Domain.Polling.PollerEffects;
using static Footy.Domain.Polling.PollerEvents;
using static Footy.Domain.Polling.PollerInputs;
using static Footy.Domain.Tests.Polling.PollerStateTests;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests.Polling;

/// <summary>
/// Property tests over random lives of the poller, run as its actor runs them: what is durable is its last snapshot
/// (overwritten after every quiet cycle) and the events persisted since.
/// </summary>
public class PollerStateProperties
{
    private static readonly string[] Statuses = ["NS", "1H", "HT", "2H", "FT"];

    private sealed record Life(PollerState State, PollerState Snapshot, List<IPollerEvent> SinceSnapshot, List<IReadOnlyList<IPollerEvent>> Decisions);

    private static Life Live(byte[]? ops)
    {
        var life = new Life(Start(), Start(), [], []);
        var i = 0;
        foreach (var op in ops ?? [])
        {
            var at = At(++i * 30);
            var standing = Tracked(1 + op % 4, (FixturePhase)(op / 4 % 4), Statuses[op / 16 % Statuses.Length]);
            var calls = new PollCycleCompleted(at, 1 + op % 2, op % 5 == 0 ? 1 : 0, op % 3 == 0 ? 100 : null, op % 3 == 0 ? 100 - i : null, null, null);
            PollerInput input = (op % 7) switch
            {
                0 => new TrackStanding(standing),
                1 => new OpenHunt($"{op % 3}"),
                2 => new CloseHunt($"{op % 3}"),
                3 => new RequestBackfill(new DateOnly(2025, 5, 1 + op % 3)),
                4 => new CompleteCycle([new FixtureStandingRecorded(standing.Id, standing.Kickoff, standing.Phase, standing.Status)], calls),
                5 => new CompleteCycle([], op % 2 == 0 ? calls : null),
                _ => new CompleteCycle([], calls),
            };
            var decision = life.State.Decide(input);
            var state = Fold(decision.State, decision.Events);
            life.Decisions.Add(decision.Events);
            life = decision.Effects.OfType<OverwriteSnapshot>().Any()
                ? life with { State = state, Snapshot = state, SinceSnapshot = [] }
                : life with { State = state, SinceSnapshot = [.. life.SinceSnapshot, .. decision.Events] };
        }
        return life;
    }

    [Property(MaxTest = 300)]
    public void A_poller_restarted_from_its_snapshot_and_journal_is_the_poller_that_stopped(byte[] ops)
    {
        var life = Live(ops);
        Assert.Equal(JsonSerializer.Serialize(life.State), JsonSerializer.Serialize(Fold(life.Snapshot, life.SinceSnapshot)));
    }

    [Property(MaxTest = 300)]
    public void A_cycle_is_journaled_only_with_changes_of_the_registry(byte[] ops)
    {
        Assert.All(Live(ops).Decisions, events =>
            Assert.True(!events.Any(e => e is PollCycleCompleted) || events.Any(e => e is not PollCycleCompleted)));
    }
}
