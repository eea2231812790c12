using System.Collections.Immutable;
using System.Text.Json;
using Footy.Daemon.ReadModel;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Domain.Polling;
using Footy.Media;
using Footy.ReadModel;
using static Footy.Domain.Fixtures.FixtureEvents;

namespace Footy.ReadModel.Tests.Fold;

/// <summary>The fold from journal events to published documents, event by event, and its idempotence.</summary>
public sealed class ReadModelFoldTests
{
    private static readonly DateTimeOffset Kickoff = new(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);
    private static readonly FixtureId Match = new(979139);
    private static readonly GoalId First = GoalId.For(Match, 1);

    [Fact]
    public void A_goal_is_published_from_its_first_sighting_as_pending_and_follows_its_lifecycle_to_complete()
    {
        var goal = Goal(Sighted(Facts("Messi", 23), 1));
        Assert.NotNull(goal);
        Assert.Equal((First.Value, Match.Value, 23, "Messi", "Argentina", "Penalty", 1, 0), (goal.Id, goal.Fixture, goal.Minute, goal.Player, goal.Team, goal.Detail, goal.HomeScoreAfter, goal.AwayScoreAfter));
        Assert.Equal(GoalStateNames.Pending, goal.State);
        Assert.Equal(Kickoff.AddMinutes(1), goal.FirstSeen);
        Assert.True(goal.IsPublished);

        goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalConfirmed(At(3)), new ClipEvents.ClipHuntStarted(At(3), At(0), "Argentina", "France"));
        Assert.Equal(GoalStateNames.Confirmed, goal!.State);
        Assert.True(goal.Searching);

        goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalConfirmed(At(3)), new ClipEvents.ClipHuntStarted(At(3), At(0), "Argentina", "France"),
            new ClipEvents.ClipHuntFinished(At(8)), new GoalCompleted(At(8)));
        Assert.Equal(GoalStateNames.Complete, goal!.State);
        Assert.False(goal.Searching);
        Assert.Equal(Kickoff.AddMinutes(1), goal.FirstSeen);
    }

    [Fact]
    public void Nothing_is_published_of_a_goal_before_its_sighting()
    {
        Assert.Null(ReadModelFold.Apply(null, First, 1, new GoalConfirmed(At(1))));
        Assert.Null(ReadModelFold.Apply(null, First, 1, new ClipEvents.ClipStored(At(1), Kept("a", 1))));
    }

    [Fact]
    public void Corrections_and_reattributions_take_the_new_facts_and_keep_the_first_sighting()
    {
        var corrected = Facts("Messi", 24) with { Extra = 1, AssistName = "Di María" };
        var goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalCorrected(At(2), Facts("Messi", 23), corrected), Sighted(corrected, 2));
        Assert.Equal((24, (int?)1, "Di María"), (goal!.Minute, goal.Extra, goal.Assist));

        var ownGoal = Facts("Lloris", 24) with { Detail = GoalDetail.OwnGoal };
        goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalReattributed(At(2), Facts("Messi", 23), ownGoal));
        Assert.Equal(("Lloris", "Own Goal"), (goal!.Player, goal.Detail));
        Assert.Equal(Kickoff.AddMinutes(1), goal.FirstSeen);
    }

    [Fact]
    public void A_goal_cancelled_after_confirmation_is_published_as_cancelled_without_search_and_its_deleted_clips_go()
    {
        var goal = Goal(Sighted(Facts("Mbappé", 80), 1), new GoalConfirmed(At(3)), new ClipEvents.ClipHuntStarted(At(3), At(0), "Argentina", "France"),
            new ClipEvents.ClipStored(At(4), Kept("a", 1)), new GoalMissed(At(5)), new GoalWithdrawn(At(7)));
        Assert.Equal(GoalStateNames.Cancelled, goal!.State);
        Assert.True(goal.IsPublished);
        Assert.False(goal.Searching);
        Assert.Single(goal.Clips);

        goal = ReadModelFold.Apply(goal, First, 99, new ClipEvents.ClipsDeleted(At(8), ["clips/a.mp4"]));
        Assert.Empty(goal!.Clips);
    }

    [Fact]
    public void A_goal_cancelled_or_expired_before_confirmation_is_kept_but_not_published()
    {
        var withdrawn = Goal(Sighted(Facts("Messi", 23), 1), new GoalMissed(At(2)), new GoalWithdrawn(At(4)));
        Assert.Equal(GoalStateNames.Cancelled, withdrawn!.State);
        Assert.False(withdrawn.IsPublished);

        var expired = Goal(Sighted(Facts("Messi", 23), 1), new GoalMatchFinished(At(2)), new GoalExpired(At(2)));
        Assert.Equal(GoalStateNames.Expired, expired!.State);
        Assert.False(expired.IsPublished);
    }

    [Fact]
    public void A_revived_goal_is_pending_again_and_stays_published_because_readers_saw_it_confirmed()
    {
        var goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalConfirmed(At(3)), new GoalWithdrawn(At(6)), new GoalRevived(At(7)), Sighted(Facts("Messi", 23), 7));
        Assert.Equal(GoalStateNames.Pending, goal!.State);
        Assert.True(goal.WasConfirmed);
    }

    [Fact]
    public void Kept_clips_are_stored_replaced_merged_and_removed_best_first_with_the_summary_s_rounding()
    {
        var goal = Goal(Sighted(Facts("Messi", 23), 1), new GoalConfirmed(At(3)),
            new ClipEvents.ClipStored(At(4), Kept("b", 1, duration: 20.4449)),
            new ClipEvents.ClipStored(At(4), Kept("a", 1)),
            new ClipEvents.ClipStored(At(4), Kept("c", 1)),
            new ClipEvents.ClipMerged(At(5), "clips/c.mp4", 3, ["post-x"]),
            new ClipEvents.ClipReplaced(At(6), Kept("b", 2, width: 1920)),
            new ClipEvents.ClipRemoved(At(7), "clips/a.mp4"),
            new ClipEvents.ClipRejected(At(7), "post-y", "too short"),
            new ClipEvents.ClipSearchAttempted(At(7), 1, ["post-x", "post-y"], []));

        Assert.Equal(["clips/c.mp4", "clips/b.mp4"], goal!.Clips.Select(c => c.Key));
        Assert.Equal([3, 2], goal.Clips.Select(c => c.Popularity));
        Assert.Equal(1920, goal.Clips[1].Width);
        Assert.Equal(1, goal.ClipsRejected);
        Assert.Equal([1, 2], goal.Publish().Clips.Select(c => c.Rank));
        Assert.Equal(20.44, Goal(Sighted(Facts("Messi", 23), 1), new ClipEvents.ClipStored(At(4), Kept("b", 1, duration: 20.4449)))!.Clips[0].Duration);
    }

    [Fact]
    public void A_fixture_goes_from_staging_to_active_to_finished_through_its_grace_polls_and_ignores_stale_answers()
    {
        var fixture = Fixture(Scheduled(), new FixtureActivated(At(-30)), Polled("1H", 10, 1, 0));
        Assert.Equal(("active", "1H", (int?)10, (int?)1, (int?)0, Kickoff.AddMinutes(10)), (fixture!.Phase, fixture.UpstreamStatus, fixture.Elapsed, fixture.HomeGoals, fixture.AwayGoals, fixture.LastActivity));

        fixture = ReadModelFold.Apply(fixture, Match, 4, Polled("NS", 11, 1, 0), gracePolls: 2);
        Assert.Equal("1H", fixture!.UpstreamStatus);

        fixture = ReadModelFold.Apply(fixture, Match, 5, Polled("FT", 95, 3, 3), gracePolls: 2);
        Assert.Equal("finishing", fixture!.Phase);
        Assert.Equal("finished", fixture.Publish([]).Phase);
        fixture = ReadModelFold.Apply(fixture, Match, 6, Polled("FT", 96, 3, 3), gracePolls: 2);
        fixture = ReadModelFold.Apply(fixture, Match, 7, Polled("FT", 97, 3, 3), gracePolls: 2);
        Assert.Equal("finished", fixture!.Phase);
        Assert.Equal("Argentina", fixture.Home);
        Assert.Equal(("World Cup", "World"), (fixture.League, fixture.Country));
    }

    [Fact]
    public void A_rescheduled_fixture_moves_to_its_new_kickoff_and_nothing_is_known_of_a_fixture_before_its_schedule()
    {
        var fixture = Fixture(Scheduled(), new FixtureRescheduled(Kickoff.AddDays(1), "NS"));
        Assert.Equal(DateOnly.FromDateTime(Kickoff.AddDays(1).UtcDateTime), fixture!.Day);
        Assert.Null(ReadModelFold.Apply(null, Match, 1, new FixtureActivated(At(0)), gracePolls: 3));
    }

    [Fact]
    public void Every_event_applied_twice_or_replayed_from_any_point_leaves_the_documents_as_once()
    {
        object[] goalEvents =
        [
            Sighted(Facts("Messi", 23), 1), Sighted(Facts("Messi", 23), 2), new GoalCorrected(At(3), Facts("Messi", 23), Facts("Messi", 24)),
            Sighted(Facts("Messi", 24), 3), new GoalConfirmed(At(3)), new ClipEvents.ClipHuntStarted(At(3), At(0), "Argentina", "France"),
            new ClipEvents.ClipStored(At(4), Kept("a", 1)), new ClipEvents.ClipMerged(At(5), "clips/a.mp4", 2, ["p"]),
            new ClipEvents.ClipRejected(At(5), "q", "too short"), new ClipEvents.ClipHuntFinished(At(6)), new GoalCompleted(At(6)),
        ];
        var once = Fold(goalEvents, Enumerable.Range(0, goalEvents.Length));
        var twice = Fold(goalEvents, Enumerable.Range(0, goalEvents.Length).SelectMany(i => new[] { i, i }));
        Assert.Equal(Json(once), Json(twice));
        for (var restart = 0; restart < goalEvents.Length; restart++)
        {
            // A crash after event `restart`: the stream resumes from an older position and hands every event from 0 again.
            var replayed = Fold(goalEvents, Enumerable.Range(0, restart + 1).Concat(Enumerable.Range(0, goalEvents.Length)));
            Assert.Equal(Json(once), Json(replayed));
        }

        IFixtureEvent[] fixtureEvents = [Scheduled(), new FixtureActivated(At(-30)), Polled("1H", 10, 1, 0), Polled("FT", 95, 1, 0), Polled("FT", 96, 1, 0)];
        FixtureDocument? fixtureOnce = null, fixtureTwice = null;
        for (var i = 0; i < fixtureEvents.Length; i++)
        {
            fixtureOnce = ReadModelFold.Apply(fixtureOnce, Match, i + 1, fixtureEvents[i], gracePolls: 1);
            fixtureTwice = ReadModelFold.Apply(ReadModelFold.Apply(fixtureTwice, Match, i + 1, fixtureEvents[i], gracePolls: 1), Match, i + 1, fixtureEvents[i], gracePolls: 1);
        }
        Assert.Equal(fixtureOnce, fixtureTwice);
        Assert.Equal("finished", fixtureOnce!.Phase);
    }

    [Fact]
    public void An_event_that_publishes_nothing_only_moves_the_sequence_number()
    {
        var goal = Goal(Sighted(Facts("Messi", 23), 1))!;
        foreach (var e in new object[] { new GoalMissed(At(2)), new GoalMatchFinished(At(3)), new ClipEvents.ClipDownloadsDeferred(At(4), 1, 2, 3), new ClipEvents.ClipStorageRetried(At(4), "k", "upload", 1, "down", 2) })
        {
            var next = ReadModelFold.Apply(goal, First, goal.SequenceNr + 1, e)!;
            Assert.Equal(Json(goal with { SequenceNr = goal.SequenceNr + 1 }), Json(next));
            goal = next;
        }
    }

    [Fact]
    public async Task A_purge_the_poller_journaled_takes_the_fixtures_clips_and_a_goal_batch_read_before_it_brings_none_back()
    {
        var folder = Path.Combine(Path.GetTempPath(), "footy-projector-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var store = SqlReadModelStore.Sqlite($"Data Source={Path.Combine(folder, "readmodel.db")};Pooling=false");
            var projector = new ReadModelProjector(store, gracePolls: 2);
            var goalId = ReadModelFold.GoalPrefix + First.Value;
            JournalEvent Event(string persistenceId, long sequenceNr, long offset, object e) => new(persistenceId, sequenceNr, offset, At(20), e);
            await projector.ProjectAsync("fixture", [Event(ReadModelFold.FixturePrefix + Match.Value, 1, 1, Scheduled())], CancellationToken.None);
            await projector.ProjectAsync("goal", [Event(goalId, 1, 2, Sighted(Facts("Messi", 23), 1)), Event(goalId, 2, 3, new GoalConfirmed(At(3))),
                Event(goalId, 3, 4, new ClipEvents.ClipStored(At(4), Kept("a", 1)))], CancellationToken.None);
            Assert.Single((await store.GoalAsync(First.Value))!.Clips);

            await projector.ProjectAsync("poller", [Event("live-poller", 7, 5, new PollerEvents.FixtureForgotten(new FixtureId(1))),
                Event("live-poller", 8, 6, new PollerEvents.FixturePurged(Match, At(60 * 24 * 31))),
                Event("live-poller", 9, 7, new PollerEvents.FixtureForgotten(Match))], CancellationToken.None);
            await projector.ProjectAsync("goal", [Event(goalId, 4, 8, new ClipEvents.ClipStored(At(5), Kept("b", 2)))], CancellationToken.None);

            var purged = await store.GoalAsync(First.Value);
            Assert.Equal(("Messi", GoalStateNames.Confirmed, true), (purged!.Player, purged.State, purged.ClipsRemoved));
            Assert.Empty(purged.Clips);
            Assert.Equal(7, (await store.PositionsAsync()).Single(p => p.Stream == "poller").Offset);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Folds the events in the given order of indexes, each with its own sequence number (index + 1), as the journal delivers them.</summary>
    private static GoalDocument? Fold(object[] events, IEnumerable<int> order) =>
        order.Aggregate((GoalDocument?)null, (goal, i) => ReadModelFold.Apply(goal, First, i + 1, events[i]));

    private static GoalDocument? Goal(params object[] events) => Fold(events, Enumerable.Range(0, events.Length));

    private static FixtureDocument? Fixture(params IFixtureEvent[] events) =>
        events.Select((e, i) => (e, i)).Aggregate((FixtureDocument?)null, (f, x) => ReadModelFold.Apply(f, Match, x.i + 1, x.e, gracePolls: 2));

    private static DateTimeOffset At(int minute) => Kickoff.AddMinutes(minute);

    private static GoalFacts Facts(string player, int minute) =>
        new(26, "Argentina", null, player, null, null, minute, null, GoalDetail.Penalty, 1, 0);

    private static GoalSighted Sighted(GoalFacts facts, int minute) => new(At(minute), facts);

    private static KeptClip Kept(string name, int popularity, int width = 1280, double duration = 24.5) => new(
        $"clips/{name}.mp4", new ClipProbe(duration, width, 720, "h264", 2_000_000, 3_000_000, true),
        new VideoFingerprint(0.25, [1UL], [2UL], "", duration), "00", popularity, ImmutableSortedSet.Create(StringComparer.Ordinal, "post-" + name));

    private static FixtureScheduled Scheduled() =>
        new(Match, Kickoff, "NS", new LeagueRef(1, "World Cup", "World", 2022), new TeamRef(26, "Argentina"), new TeamRef(2, "France"));

    private static FixturePolled Polled(string status, int minute, int? home, int? away) =>
        new(At(minute), status, minute, home, away, [], []);

    private static string Json(object? value) => JsonSerializer.Serialize(value);
}
