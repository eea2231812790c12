using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence.TestKit;
using Footy.ApiFootball;
using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Persistence;
using Footy.Daemon.Sharding;
using Footy.Discovery;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Domain.Polling;
using Footy.Media;
using Footy.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Faults;

/// <summary>
/// The fixture and goal entities under cluster sharding with remember-entities (as the daemon runs them), on
/// Akka.Persistence.TestKit's journal and snapshot store told to fail: a failed write stops the entity, answers the
/// waiting caller at once, and the shard restarts the entity after its back-off with exactly the persisted state;
/// a failing recovery is retried at the back-off pace, not in a loop; the other entities carry on meanwhile.
/// </summary>
public sealed class JournalFaultTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Kickoff = new(2022, 12, 18, 15, 0, 0, TimeSpan.Zero);
    private static readonly TeamRef Argentina = new(26, "Argentina");
    private static readonly TeamRef France = new(2, "France");

    private static readonly Config Hocon = ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.sharding.distributed-data.durable.keys = []
        akka.cluster.distributed-data.durable.keys = []
        akka.cluster.sharding.entity-restart-backoff = {{RestartBackoff.TotalMilliseconds}}ms
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test {
          class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """).WithFallback(ConfigurationFactory.ParseString(JournalSerializer.Hocon()));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "footy-journal-faults-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Akka.TestKit.TestProbe _poller;
    private readonly Akka.TestKit.TestProbe _errors;
    private ITestJournal _journal = null!;
    private ITestSnapshotStore _snapshots = null!;
    private EntityRegion<IGoalMessage> _goals = null!;
    private EntityRegion<IFixtureMessage> _fixtures = null!;

    public JournalFaultTests(ITestOutputHelper output) : base(Hocon, "journal-faults", output)
    {
        _poller = CreateTestProbe("poller");
        _errors = CreateTestProbe("logged-errors");
        Sys.EventStream.Subscribe(_errors.Ref, typeof(Error));
        Sys.EventStream.Subscribe(_errors.Ref, typeof(Warning));
    }

    public async Task InitializeAsync()
    {
        var cluster = Cluster.Get(Sys);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var persistence = Akka.Persistence.Persistence.Instance.Apply(Sys);
        _journal = TestJournal.FromRef(persistence.JournalFor(null));
        _snapshots = TestSnapshotStore.FromRef(persistence.SnapshotStoreFor(null));

        Directory.CreateDirectory(_folder);
        var store = new LocalClipStore(Path.Combine(_folder, "clips"));
        var clips = new ClipsOptions();
        var pipeline = new ClipPipeline(Sys, clips,
            new HttpClipDownloader(new DownloadOptions(), NullLogger<HttpClipDownloader>.Instance),
            new ClipProber(MediaToolsOptions.Default), new ClipFilter(), new VideoFingerprinter(MediaToolsOptions.Default),
            store, new TempFiles(Path.Combine(_folder, "tmp")), NullLogger<ClipPipeline>.Instance);
        var attempts = new ClipHuntAttempt([], pipeline, clips, NullLogger<ClipHuntAttempt>.Instance);
        var goalSettings = new GoalSettings(new ConfirmationRules(), SnapshotEvery: 2, clips.SearchAttempts, clips.AttemptInterval, TimeSpan.FromSeconds(30));

        var sharding = ClusterSharding.Get(Sys);
        var settings = ClusterShardingSettings.Create(Sys).WithRememberEntities(true);
        var extractor = new EntityMessageExtractor(10);
        _goals = new(await sharding.StartAsync(GoalActor.TypeName,
            entityId => GoalActor.PropsFor(entityId, goalSettings, attempts, store, _poller.Ref), settings, extractor));
        _fixtures = new(await sharding.StartAsync(FixtureActor.TypeName,
            entityId => FixtureActor.PropsFor(entityId, _goals, _poller.Ref, gracePolls: 3, snapshotEvery: 2, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)),
            settings, extractor));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Goal_whose_write_fails_answers_the_failure_at_once_and_is_restarted_after_the_backoff_with_only_what_was_persisted()
    {
        var goal = new GoalId("100-1");
        Assert.Equal(GoalStage.Pending, Observe(goal, 1).Stage);
        var incarnation = LastSender;
        Observe(goal, 2);
        Watch(incarnation);

        // The third sighting confirms the goal: GoalConfirmed and ClipHuntStarted are one atomic write, which fails.
        await _journal.OnWrite.FailIf(p => p.PersistenceId == GoalActor.PersistenceIdFor(goal));
        _goals.Tell(ObserveCommand(goal, 3));
        var failure = ExpectMsg<Status.Failure>(TimeSpan.FromSeconds(5));
        Assert.IsType<JournalWriteFailedException>(failure.Cause);
        ExpectTerminated(incarnation);
        var stoppedAt = DateTime.UtcNow;
        ExpectLogged<Error>("Goal 100-1 (Pending): persisting");

        Assert.Equal(GoalStage.Pending, Observe(new GoalId("100-2"), 1).Stage);
        await _journal.OnWrite.Pass();

        await RestartedWithoutAMessage(incarnation);
        Assert.True(DateTime.UtcNow - stoppedAt >= RestartBackoff * 0.9, "restarted before its back-off");
        var view = View(goal);
        Assert.Equal(GoalStage.Pending, view.Stage);
        Assert.Equal(2, view.SeenStreak);
        Assert.Null(view.Hunt);
        _poller.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Assert.Equal(GoalStage.Confirmed, Observe(goal, 3).Stage);
        Assert.NotNull(View(goal).Hunt);
    }

    [Fact]
    public async Task Fixture_whose_write_fails_answers_the_poller_with_the_failure_tells_no_goal_and_comes_back_with_its_persisted_state()
    {
        var fixture = new FixtureId(200);
        _fixtures.Tell(new FixtureCommands.ApplyPoll(Snapshot(fixture, "1H", 10, []), Kickoff.AddMinutes(10)));
        Assert.Equal(FixturePhase.Active, ExpectMsg<FixtureCommands.FixtureStanding>().Phase);
        _fixtures.Tell(new FixtureQueries.GetFixture(fixture));
        ExpectMsg<FixtureQueries.FixtureView>();
        var incarnation = LastSender;
        Watch(incarnation);

        await _journal.OnWrite.FailIf(p => p.PersistenceId == FixtureActor.PersistenceIdFor(fixture));
        _fixtures.Tell(new FixtureCommands.ApplyPoll(Snapshot(fixture, "1H", 24, [MessiPenalty]), Kickoff.AddMinutes(24)));
        var failure = ExpectMsg<Status.Failure>(TimeSpan.FromSeconds(5));
        Assert.IsType<JournalWriteFailedException>(failure.Cause);
        ExpectTerminated(incarnation);
        ExpectLogged<Error>("Fixture 200 (Active): persisting");

        var other = new FixtureId(201);
        _fixtures.Tell(new FixtureCommands.ApplyPoll(Snapshot(other, "1H", 24, []), Kickoff.AddMinutes(24)));
        Assert.Equal(other, ExpectMsg<FixtureCommands.FixtureStanding>().FixtureId);
        await _journal.OnWrite.Pass();

        await RestartedWithoutAMessage(incarnation);
        var view = FixtureView(fixture);
        Assert.Equal(Kickoff.AddMinutes(10), view.LastPolledAt);
        Assert.Empty(view.Goals);
        Assert.DoesNotContain("200-1", await RunningEntities(_goals.Ref));

        _fixtures.Tell(new FixtureCommands.ApplyPoll(Snapshot(fixture, "1H", 24, [MessiPenalty]), Kickoff.AddMinutes(24)));
        ExpectMsg<FixtureCommands.FixtureStanding>(TimeSpan.FromSeconds(10));
        Assert.Equal([new GoalId("200-1")], FixtureView(fixture).Goals);
        Assert.Equal(1, View(new GoalId("200-1")).SeenStreak);
    }

    [Fact]
    public async Task Failing_recovery_is_retried_at_the_backoff_pace_while_other_goals_work_and_recovers_the_persisted_state_when_the_journal_does()
    {
        var goal = new GoalId("300-1");
        Observe(goal, 1);
        var incarnation = LastSender;
        Observe(goal, 2);
        Watch(incarnation);

        await _journal.OnRecovery.FailIf(p => p.PersistenceId == GoalActor.PersistenceIdFor(goal));
        // The snapshot alone would let the goal recover without replaying an event: recovery must read the journal.
        await _snapshots.OnLoad.FailIf((pid, _) => pid == GoalActor.PersistenceIdFor(goal));
        incarnation.Tell(PoisonPill.Instance); // stops without passivating, as a crash would
        ExpectTerminated(incarnation);

        var window = RestartBackoff * 3.5;
        var failures = 0;
        var until = DateTime.UtcNow + window;
        for (var other = 2; DateTime.UtcNow < until; other++)
        {
            Assert.Equal(GoalStage.Pending, Observe(new GoalId($"300-{other}"), 1).Stage);
            failures += DrainLogged<Error>("Goal 300-1: recovery from the journal failed");
            await Task.Delay(100);
        }
        failures += DrainLogged<Error>("Goal 300-1: recovery from the journal failed");
        Assert.InRange(failures, 2, 5);

        await _journal.OnRecovery.Pass();
        await _snapshots.OnLoad.Pass();
        var view = await Eventually(() => View(goal));
        Assert.Equal(GoalStage.Pending, view.Stage);
        Assert.Equal(2, view.SeenStreak);
        Assert.Equal(GoalStage.Confirmed, Observe(goal, 3).Stage);
    }

    [Fact]
    public async Task Failing_snapshots_cost_nothing_but_a_warning_and_recovery_replays_the_events_instead()
    {
        var goal = new GoalId("400-1");
        await _snapshots.OnSave.Fail();
        Observe(goal, 1);
        var incarnation = LastSender;
        Observe(goal, 2);
        Assert.Equal(GoalStage.Confirmed, Observe(goal, 3).Stage);
        ExpectLogged<Warning>("Goal 400-1: snapshot failed");
        await _snapshots.OnSave.Pass();

        Watch(incarnation);
        incarnation.Tell(PoisonPill.Instance);
        ExpectTerminated(incarnation);
        await RestartedWithoutAMessage(incarnation);
        var view = View(goal);
        Assert.Equal(GoalStage.Confirmed, view.Stage);
        Assert.NotNull(view.Hunt);
    }

    [Fact]
    public async Task Poller_whose_write_fails_is_restarted_by_its_backoff_supervisor_with_only_what_was_persisted()
    {
        var options = new FootyOptions();
        var api = new ApiFootballClient(new HttpClient { BaseAddress = options.ApiFootball.BaseUrl }, options.ApiFootball,
            NullLogger<ApiFootballClient>.Instance, TimeProvider.System);
        var cycle = new PollCycle(api, new Akka.Hosting.ActorRegistry(), options,
            new DaemonRuntime(TimeProvider.System, IngestPlan.Live, SelfTicking: false), NullLogger<PollCycle>.Instance);
        var poller = Sys.ActorOf(JournalBackoff.Supervise(
            LivePollerActor.PropsFor(cycle, new RequestBudgetOptions(), TimeProvider.System, selfTickEvery: null, snapshotEvery: 1000),
            "live-poller"), "live-poller-supervisor");

        poller.Tell(new PollerCommands.HuntOpened(new GoalId("500-1")));
        Assert.Equal(1, PollerStatus(poller).OpenHunts);
        poller.Tell(BackoffSupervisor.GetCurrentChild.Instance);
        var incarnation = ExpectMsg<BackoffSupervisor.CurrentChild>().Ref;
        Watch(incarnation);

        await _journal.OnWrite.FailIf(p => p.PersistenceId == LivePollerActor.PersistenceIdValue);
        poller.Tell(new PollerCommands.HuntOpened(new GoalId("500-2")));
        ExpectTerminated(incarnation);
        ExpectLogged<Error>("for persistenceId [live-poller]");
        await _journal.OnWrite.Pass();

        var status = await Eventually(() => PollerStatus(poller));
        Assert.Equal(1, status.OpenHunts);
        poller.Tell(BackoffSupervisor.GetCurrentChild.Instance);
        Assert.NotEqual(incarnation, ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
        poller.Tell(new PollerCommands.HuntOpened(new GoalId("500-2")));
        Assert.Equal(2, PollerStatus(poller).OpenHunts);
    }

    private PollerQueries.PollerStatus PollerStatus(IActorRef poller)
    {
        poller.Tell(new PollerQueries.GetPollerStatus());
        return ExpectMsg<PollerQueries.PollerStatus>(TimeSpan.FromSeconds(3));
    }

    private static readonly MatchEvent MessiPenalty = new(23, null, Argentina.Id, Argentina.Name, 154, "L. Messi", null, null, "Goal", "Penalty", null);

    private static FixtureSnapshot Snapshot(FixtureId id, string status, int elapsed, IReadOnlyList<MatchEvent> events) =>
        new(id, Kickoff, status, elapsed, new LeagueRef(1, "World Cup", "World", 2022), Argentina, France,
            events.Count, 0, events);

    private static GoalCommands.Observe ObserveCommand(GoalId goal, int poll) =>
        new(goal, new FixtureId(long.Parse(goal.Value.Split('-')[0])), Kickoff.AddMinutes(23 + poll), 
            new GoalFacts(Argentina.Id, Argentina.Name, 154, "L. Messi", null, null, 23, null, GoalDetail.Penalty, 1, 0),
            Argentina.Name, France.Name);

    private GoalCommands.GoalAck Observe(GoalId goal, int poll)
    {
        _goals.Tell(ObserveCommand(goal, poll));
        return ExpectMsg<GoalCommands.GoalAck>(TimeSpan.FromSeconds(10));
    }

    private GoalQueries.GoalView View(GoalId goal)
    {
        _goals.Tell(new GoalQueries.GetGoal(goal));
        return ExpectMsg<GoalQueries.GoalView>(TimeSpan.FromSeconds(10));
    }

    private FixtureQueries.FixtureView FixtureView(FixtureId fixture)
    {
        _fixtures.Tell(new FixtureQueries.GetFixture(fixture));
        return ExpectMsg<FixtureQueries.FixtureView>(TimeSpan.FromSeconds(10));
    }

    /// <summary>The shard restarts the remembered entity by itself: a new incarnation at the same path, before any message for it.</summary>
    private async Task RestartedWithoutAMessage(IActorRef stopped)
    {
        var deadline = DateTime.UtcNow + RestartBackoff * 10;
        while (DateTime.UtcNow < deadline)
        {
            var identity = await Sys.ActorSelection(stopped.Path).Ask<ActorIdentity>(new Identify(stopped.Path.Name), TimeSpan.FromSeconds(3));
            if (identity.Subject is { } now && !now.Equals(stopped)) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{stopped.Path} was not restarted by its shard within {RestartBackoff * 10}");
    }

    private static async Task<T> Eventually<T>(Func<T> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return attempt();
            }
            catch (Exception) when (tries < 5)
            {
                await Task.Delay(RestartBackoff);
            }
        }
    }

    private static async Task<IReadOnlySet<string>> RunningEntities(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    private void ExpectLogged<T>(string text) where T : LogEvent =>
        _errors.FishForMessage<T>(e => e.Message.ToString()!.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(5));

    private int DrainLogged<T>(string text) where T : LogEvent
    {
        var count = 0;
        while (_errors.HasMessages)
            if (_errors.ReceiveOne(TimeSpan.Zero) is T e && e.Message.ToString()!.Contains(text, StringComparison.Ordinal)) count++;
        return count;
    }
}
