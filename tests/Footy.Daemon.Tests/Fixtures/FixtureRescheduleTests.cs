using Akka.Actor;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Sharding;
using Footy.Domain.Fixtures;

namespace Footy.Daemon.Tests.Fixtures;

/// <summary>A fixture actor asks the domain whether an ingest reschedules it: a finished match replayed under its id is staged again.</summary>
public sealed class FixtureRescheduleTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING")
{
    private static readonly DateTimeOffset Kickoff = new(2025, 3, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly FixtureId Id = new(1208099);

    private static FixtureSnapshot Snapshot(DateTimeOffset kickoff, string status) =>
        new(Id, kickoff, status, null, new LeagueRef(39, "Premier League", "England", 2024), new TeamRef(40, "Liverpool"), new TeamRef(50, "Man City"), 0, 0, []);

    private FixtureCommands.FixtureStanding Ask(IActorRef fixture, object message)
    {
        fixture.Tell(message, TestActor);
        return ExpectMsg<FixtureCommands.FixtureStanding>(TimeSpan.FromSeconds(10));
    }

    private IActorRef FinishedFixture()
    {
        var fixture = Sys.ActorOf(FixtureActor.PropsFor(Id.ToString(), new EntityRegion<IGoalMessage>(CreateTestProbe().Ref), CreateTestProbe().Ref,
            gracePolls: 0, snapshotEvery: 100, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)));
        Ask(fixture, new FixtureCommands.Schedule(Snapshot(Kickoff, "NS")));
        Ask(fixture, new FixtureCommands.Activate(Id, Kickoff));
        var finished = Ask(fixture, new FixtureCommands.ApplyPoll(Snapshot(Kickoff, "ABD"), Kickoff.AddMinutes(50)));
        Assert.Equal(FixturePhase.Finished, finished.Phase);
        return fixture;
    }

    [Fact]
    public void An_abandoned_match_replayed_at_a_new_kickoff_is_staged_again_for_its_new_date()
    {
        var replay = Kickoff.AddDays(14);
        var standing = Ask(FinishedFixture(), new FixtureCommands.Schedule(Snapshot(replay, "NS")));
        Assert.Equal((FixturePhase.Staging, replay, "NS"), (standing.Phase, standing.Kickoff, standing.Status));
    }

    [Fact]
    public void A_finished_match_ingested_again_as_it_was_stays_finished()
    {
        var standing = Ask(FinishedFixture(), new FixtureCommands.Schedule(Snapshot(Kickoff, "ABD")));
        Assert.Equal((FixturePhase.Finished, Kickoff), (standing.Phase, standing.Kickoff));
    }
}
