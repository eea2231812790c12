using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Footy.Daemon.Clips;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Media;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Domain.Polling;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>Every persisted type goes through the journal serializer and comes back equal.</summary>
public sealed class JournalSerializerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2022, 12, 18, 15, 23, 30, TimeSpan.Zero);
    private static readonly FixtureId Fixture = new(979139);
    private static readonly GoalId Goal = GoalId.For(Fixture, 1);
    private static readonly GoalFacts Facts = new(26, "Argentina", 154, "L. Messi", null, null, 23, null, GoalDetail.Penalty, 1, 0);
    private static readonly GoalFacts Corrected = Facts with { PlayerName = "Á. Di María", PlayerId = 266, Minute = 36 };

    private readonly ActorSystem _system = ActorSystem.Create("serializer-test",
        ConfigurationFactory.ParseString(JournalSerializer.Hocon()));

    public static IEnumerable<object> Samples()
    {
        var sighting = new GoalSighting(Goal, Facts, true);
        var polled = new FixtureEvents.FixturePolled(At, "1H", 23, 1, 0, [sighting], []);
        var ledger = GoalLedger.Empty(Fixture).Record(new LedgerMatch([sighting], []));
        var budget = RequestBudget.Start(new RequestBudgetOptions(100, 10)).Spend(3, At);
        yield return new GoalSighted(At, Facts);
        yield return new GoalMissed(At);
        yield return new GoalConfirmed(At);
        yield return new GoalCorrected(At, Facts, Facts with { Minute = 24 });
        yield return new GoalReattributed(At, Facts, Corrected);
        yield return new GoalWithdrawn(At);
        yield return new GoalRevived(At);
        yield return new GoalMatchFinished(At);
        yield return new GoalCompleted(At);
        yield return new GoalExpired(At);
        var started = new ClipEvents.ClipHuntStarted(At, At.AddMinutes(-3), "Argentina", "France");
        var clip = new KeptClip("979139/979139-1/979139-1_0123abcd.mp4", new ClipProbe(21.4, 1280, 720, "h264", 1_500_000, 4_012_345, true),
            new VideoFingerprint(0.25, [1UL, ulong.MaxValue, 42UL], [7UL, 8UL, 9UL], "crop=1280:544:0:88", 21.4), "0123abcd0123abcd0123abcd0123abcd", 3,
            ImmutableSortedSet.Create(StringComparer.Ordinal, "1604531452713377792", "1604531452713377793"));
        var hunt = ClipHunt.Start(started).Apply(new ClipEvents.ClipStored(At, clip));
        yield return new GoalSnapshot(GoalLifecycle.New(Goal, Fixture).ApplyAll([new GoalSighted(At, Facts), new GoalConfirmed(At)]), hunt);
        yield return started;
        yield return new ClipEvents.ClipSearchAttempted(At, 1, ["1604531452713377792"], ["search: Timeout: no answer"]);
        yield return new ClipEvents.ClipRejected(At, "1604531452713377794", "filter: short edge 480 px < 600");
        yield return new ClipEvents.ClipStored(At, clip, 2.5);
        yield return new ClipEvents.ClipReplaced(At, clip with { Popularity = 4 });
        yield return new ClipEvents.ClipMerged(At, clip.Key, 5, ["1604531452713377795"]);
        yield return new ClipEvents.ClipRemoved(At, clip.Key);
        yield return new ClipEvents.ClipHuntFinished(At);
        yield return new ClipEvents.ClipsDeleted(At, [clip.Key]);
        yield return new ClipEvents.ClipHuntRestarted(At);
        yield return new ClipEvents.ClipStorageRetried(At, clip.Key, "upload", 3, "Unavailable: connection refused", 7.5);
        yield return new ClipEvents.ClipDownloadsDeferred(At, 2, 3, 12.25);
        yield return new FixtureEvents.FixtureScheduled(Fixture, At, "NS", new LeagueRef(1, "World Cup", "World", 2022), new TeamRef(26, "Argentina"), new TeamRef(2, "France"));
        yield return new FixtureEvents.FixtureRescheduled(At.AddHours(1), "NS");
        yield return new FixtureEvents.FixtureActivated(At);
        yield return polled;
        yield return FixtureState.Empty(Fixture, 4) with { Ledger = ledger, LastPoll = polled, IsScheduled = true };
        yield return new PollerEvents.FixtureStandingRecorded(Fixture, At, FixturePhase.Active, "1H");
        yield return new PollerEvents.FixtureForgotten(Fixture);
        yield return new PollerEvents.FixturePurged(Fixture, At);
        yield return new PollerEvents.HuntRegistered(Goal.Value);
        yield return new PollerEvents.HuntUnregistered(Goal.Value);
        yield return new PollerEvents.IngestCompleted(new DateOnly(2022, 12, 18), At);
        yield return new PollerEvents.PollCycleCompleted(At, 2, 1, 100, 97, 10, 8);
        yield return new PollerEvents.BackfillRequested(new DateOnly(2022, 12, 17));
        yield return new PollerEvents.BackfillCompleted(new DateOnly(2022, 12, 17), At, 4);
        yield return PollerState.Start(new RequestBudgetOptions(100, 10)) with
        {
            Fixtures = ImmutableSortedDictionary<long, TrackedFixture>.Empty.Add(Fixture.Value, new TrackedFixture(Fixture, At, FixturePhase.Finishing, "FT")),
            LastIngestDay = new DateOnly(2022, 12, 18),
            LastCycleAt = At,
            Budget = budget,
            Backfills = [new DateOnly(2022, 12, 17)],
        };
    }

    public static TheoryData<object> Persisted() => new(Samples());

    [Theory]
    [MemberData(nameof(Persisted))]
    public void Round_trips_through_the_journal_serializer(object persisted)
    {
        var serializer = _system.Serialization.FindSerializerFor(persisted);
        Assert.IsType<JournalSerializer>(serializer);
        var manifest = Serialization.ManifestFor(serializer, persisted);
        Assert.Equal(persisted.GetType().Name, manifest);

        var back = _system.Serialization.Deserialize(serializer.ToBinary(persisted), serializer.Identifier, manifest);

        Assert.Equal(Json(persisted), Json(back));
    }

    [Fact]
    public void Every_persisted_type_has_a_sample_here()
    {
        var persistedTypes = JournalSerializer.PersistedBases
            .SelectMany(b => b.Assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && b.IsAssignableFrom(t)))
            .ToHashSet();
        Assert.Subset(Samples().Select(s => s.GetType()).ToHashSet(), persistedTypes);
    }

    [Fact]
    public void An_unknown_manifest_fails_with_a_clear_error()
    {
        var serializer = (JournalSerializer)_system.Serialization.FindSerializerFor(new GoalMissed(At));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "GoalTeleported"));
        Assert.Contains("GoalTeleported", error.Message);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType());

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
