using System.Collections.Immutable;
using Footy.ApiFootball;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Domain.Polling;
using Footy.Media;
using Footy.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;
using FixtureSnapshot = Footy.Domain.Fixtures.FixtureSnapshot;
using static Footy.Domain.Fixtures.FixtureEffects;
using static Footy.Domain.Goals.ClipEvents;
using static Footy.Domain.Goals.GoalEffects;
using static Footy.Domain.Polling.PollerEvents;

namespace Footy.Benchmarks.Season;

/// <summary>The events and last snapshot of one persistence id, in the order the daemon's actor would persist them.</summary>
public sealed class EntityJournal(string persistenceId)
{
    public string PersistenceId { get; } = persistenceId;
    public List<object> Events { get; } = [];
    public (long SequenceNr, object State)? Snapshot { get; set; }
}

/// <summary>What a generated history holds.</summary>
public sealed record HistoryShape(int Fixtures, int Goals, int Events, int Snapshots, DateTimeOffset LastCycleAt);

/// <summary>
/// A history of played seasons as the daemon journals it: each matchday is a generated day (<see cref="RandomScenarios"/>,
/// ten overlapping fixtures, no API faults), and every poll of it goes through the daemon's own deciders (FixtureState,
/// GoalState, PollerState) in the order the actors run them: the fixture observes the poll and hands it to its goals, a
/// confirmed goal searches for clips on the poller's ticks (every attempt answered at once: posts found, two clips stored,
/// one rejected, later copies merged), the poller records standings and hunts and persists a cycle's calls with its changes
/// (a quiet cycle only overwrites its snapshot). Snapshots are taken every <c>snapshotEvery</c> events and only the last is
/// kept, as the actors do. What is generated is events and snapshots; the journal writer persists them through
/// Akka.Persistence with the daemon's serializer and tags.
/// </summary>
public sealed class SeasonHistory
{
    public const int MatchdaysPerSeason = 38;
    public const int FixturesPerMatchday = 10;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private const int MaxIdsPerCall = 20; // Polling:MaxIdsPerCall, the default
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(30); // Retention:Days, the default: finished fixtures leave the poller then

    private readonly int _snapshotEvery;
    private readonly GoalRules _rules;
    private readonly int _gracePolls;
    private readonly Dictionary<string, EntityJournal> _journals = new(StringComparer.Ordinal);
    private readonly Dictionary<long, FixtureState> _fixtures = [];
    private readonly Dictionary<string, GoalState> _goals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sinceSnapshot = new(StringComparer.Ordinal);
    private PollerState _poller = PollerState.Start(new RequestBudgetOptions(7500, 300));
    private readonly List<IPollerEvent> _cycleChanges = [];
    private int _goalCount;
    private readonly ScenarioAnswers _answers = new();
    private readonly ApiFootballClient _api;

    public SeasonHistory(int snapshotEvery, GoalRules rules, int gracePolls)
    {
        _api = new ApiFootballClient(new HttpClient(_answers), new ApiFootballOptions { BaseUrl = new Uri("http://scenario.invalid/"), ApiKey = "season-history" },
            NullLogger<ApiFootballClient>.Instance, TimeProvider.System);
        _snapshotEvery = snapshotEvery;
        _rules = rules;
        _gracePolls = gracePolls;
    }

    public IReadOnlyCollection<EntityJournal> Journals => _journals.Values;

    /// <summary>
    /// <paramref name="seasons"/> seasons of <see cref="MatchdaysPerSeason"/> weekly matchdays, the last ending a week before
    /// <paramref name="before"/>.
    /// </summary>
    public HistoryShape Generate(int seasons, DateOnly before, int seed)
    {
        var days = seasons * MatchdaysPerSeason;
        var first = before.AddDays(-7 * days);
        for (var d = 0; d < days; d++)
        {
            var day = RandomScenarios.Day(seed + d, new RandomDayOptions
            {
                Date = first.AddDays(7 * d),
                MinFixtures = FixturesPerMatchday,
                MaxFixtures = FixturesPerMatchday,
                MaxKickoffSpreadMinutes = 180,
                FaultChance = 0,
                PostponedChance = 0,
            });
            Play(day);
        }
        // Every quiet cycle overwrites the poller's snapshot: the last one holds its state after the last cycle.
        var poller = _journals[PollerId];
        poller.Snapshot = (poller.Events.Count, _poller);
        return new HistoryShape(_fixtures.Count, _goalCount, _journals.Values.Sum(j => j.Events.Count),
            _journals.Values.Count(j => j.Snapshot is not null), _poller.LastCycleAt!.Value);
    }

    private void Play(DayScenario day)
    {
        _answers.Day = day;
        var ingestAt = day.Start;
        Forget(ingestAt);
        PollerPersist(new IngestCompleted(DateOnly.FromDateTime(ingestAt.UtcDateTime), ingestAt));
        foreach (var date in day.Dates)
        foreach (var snapshot in Snapshots(api => api.GetFixturesByDateAsync(date, CancellationToken.None)))
        {
            _fixtures[snapshot.Id.Value] = FixtureState.Empty(snapshot.Id, _gracePolls);
            Fixture(snapshot.Id, new FixtureInputs.Schedule(snapshot));
        }
        EndCycle(ingestAt, calls: day.Dates.Count);

        for (var poll = 1; poll <= day.PollCount; poll++)
        {
            var at = day.TimeOf(poll);
            foreach (var tracked in _poller.DueForActivation(at, DayScenario.ActivationLead))
                Fixture(tracked.Id, new FixtureInputs.Activate(at));
            var polled = _poller.Fixtures.Values.Where(f => f.IsPolled).Select(f => f.Id).ToHashSet();
            _answers.Poll = poll;
            foreach (var batch in polled.Chunk(MaxIdsPerCall))
            foreach (var snapshot in Snapshots(api => api.GetFixturesByIdsAsync(batch, CancellationToken.None)).Where(s => polled.Contains(s.Id)))
                Fixture(snapshot.Id, new FixtureInputs.ObservePoll(snapshot, at));
            TickHunts(at);
            EndCycle(at, calls: (polled.Count + MaxIdsPerCall - 1) / MaxIdsPerCall);
        }
        // After the last poll the poller ticks on (no API call) until every clip search has run its attempts.
        for (var at = day.TimeOf(day.PollCount) + PollInterval; _poller.OpenHunts.Count > 0; at += PollInterval)
        {
            TickHunts(at);
            EndCycle(at, calls: 0);
        }
    }

    /// <summary>The day's fixtures, or one poll's, as the daemon's API client reads them from the scenario's API answers.</summary>
    private IReadOnlyList<FixtureSnapshot> Snapshots(Func<ApiFootballClient, Task<ApiCallResult<IReadOnlyList<FixtureSnapshot>>>> call)
    {
        var result = call(_api).GetAwaiter().GetResult();
        return result.Value ?? throw new InvalidOperationException($"the scenario's API answer failed: {result.Failure}");
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var f in _poller.Fixtures.Values.Where(f => f.Phase == FixturePhase.Finished && now - f.Kickoff > ForgetAfter).ToList())
            PollerPersist(new FixtureForgotten(f.Id));
    }

    private void Fixture(FixtureId id, FixtureInputs.FixtureInput input)
    {
        var decision = _fixtures[id.Value].Decide(input);
        var state = decision.State;
        foreach (var e in decision.Events)
        {
            state = state.Apply(e);
            Persist(FixtureActor.PersistenceIdFor(id), e, state);
        }
        _fixtures[id.Value] = state;
        var standing = _poller.Track(new TrackedFixture(id, state.Lifecycle.Kickoff, state.Lifecycle.Phase, state.Lifecycle.Status));
        if (standing is not null) Poller(standing);
        foreach (var hand in decision.Effects.OfType<HandPollToGoals>())
        {
            var (home, away) = (state.Home?.Name ?? "", state.Away?.Name ?? "");
            foreach (var sighting in hand.Poll.Sightings)
                Goal(sighting.Id, new GoalInputs.Observe(hand.Poll.At, sighting.Facts, home, away));
            foreach (var missing in hand.Poll.Missing)
                Goal(missing, new GoalInputs.Observe(hand.Poll.At, null, home, away));
            if (hand.MatchFinished)
                foreach (var entry in state.Ledger.Entries)
                    Goal(entry.Id, new GoalInputs.MatchFinished(hand.Poll.At));
        }
    }

    private void TickHunts(DateTimeOffset at)
    {
        foreach (var goal in _poller.OpenHunts.ToList())
            Goal(new GoalId(goal), new GoalInputs.SearchTick(at, true));
    }

    private void Goal(GoalId id, GoalInputs.GoalInput input)
    {
        if (!_goals.TryGetValue(id.Value, out var state))
        {
            state = GoalState.New(id);
            _goalCount++;
        }
        var decision = state.Decide(input, _rules);
        state = decision.State;
        foreach (var e in decision.Events)
        {
            state = state.Apply(e);
            Persist(GoalActor.PersistenceIdFor(id), e, state.ToSnapshot());
        }
        _goals[id.Value] = state;
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case RegisterOpenSearch when !_poller.OpenHunts.Contains(id.Value):
                    Poller(new HuntRegistered(id.Value));
                    break;
                case UnregisterSearch when _poller.OpenHunts.Contains(id.Value):
                    Poller(new HuntUnregistered(id.Value));
                    break;
                case StartAttempt start:
                    Goal(id, new GoalInputs.AttemptSucceeded(start.Attempt, start.At, AttemptEvents(id, start.Attempt, start.At)));
                    break;
                case ReviewNow:
                    Goal(id, new GoalInputs.Review(input switch
                    {
                        GoalInputs.Observe o => o.At,
                        GoalInputs.MatchFinished f => f.At,
                        GoalInputs.AttemptSucceeded s => s.At,
                        _ => _poller.LastCycleAt ?? DateTimeOffset.UnixEpoch,
                    }));
                    break;
            }
        }
    }

    /// <summary>What a search attempt returns: the first finds three posts (two clips stored, one rejected), the second two copies of a kept clip, the rest nothing new.</summary>
    private static IReadOnlyList<IClipEvent> AttemptEvents(GoalId goal, int attempt, DateTimeOffset at)
    {
        var post = (int n) => $"{goal.Value}-post-{n}";
        return attempt switch
        {
            1 =>
            [
                new ClipSearchAttempted(at, 1, [post(1), post(2), post(3)], [], 2.4),
                new ClipStored(at, Clip(goal, 1), 6.1),
                new ClipStored(at, Clip(goal, 2), 5.3),
                new ClipRejected(at, post(3), "filter: short edge 480 px < 600", 1.2),
            ],
            2 =>
            [
                new ClipSearchAttempted(at, 2, [post(4), post(5)], [], 2.2),
                new ClipMerged(at, Clip(goal, 1).Key, 3, [post(1), post(4), post(5)], 4.8),
            ],
            _ => [new ClipSearchAttempted(at, attempt, [], [], 1.9)],
        };
    }

    /// <summary>A kept clip as the pipeline stores it: a 25 s 720p clip's probe and fingerprint (100 frames at 4 fps, and their mirrors).</summary>
    private static KeptClip Clip(GoalId goal, int n)
    {
        var random = new Random(HashCode.Combine(goal.Value, n));
        ulong Hash() => (ulong)random.NextInt64();
        var md5 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        return new KeptClip($"{goal.Fixture}/{goal.Value}/{goal.Value}_{md5[..8]}.mp4",
            new ClipProbe(25.0, 1280, 720, "h264", 2_400_000, 7_500_000, true),
            new VideoFingerprint(0.25, Enumerable.Range(0, 100).Select(_ => Hash()).ToArray(), Enumerable.Range(0, 100).Select(_ => Hash()).ToArray(), null, 25.0),
            md5, 1, ImmutableSortedSet.Create(StringComparer.Ordinal, $"{goal.Value}-post-{n}"));
    }

    private void Poller(IPollerEvent e) => _cycleChanges.Add(e);

    /// <summary>A cycle's changes are persisted with its calls; a quiet cycle only notes its calls in the poller's state.</summary>
    private void EndCycle(DateTimeOffset at, int calls)
    {
        var completed = calls == 0 ? null : new PollCycleCompleted(at, calls, 0, 7500, 7000, 300, 290);
        if (_cycleChanges.Count == 0)
        {
            if (completed is not null) _poller = _poller.Apply(completed);
            return;
        }
        foreach (var change in _cycleChanges) PollerPersist(change);
        if (completed is not null) PollerPersist(completed);
        _cycleChanges.Clear();
    }

    private void PollerPersist(IPollerEvent e)
    {
        _poller = _poller.Apply(e);
        Persist(PollerId, e, _poller);
    }

    private void Persist(string persistenceId, object e, object stateAfter)
    {
        if (!_journals.TryGetValue(persistenceId, out var journal))
            _journals[persistenceId] = journal = new EntityJournal(persistenceId);
        journal.Events.Add(e);
        var since = _sinceSnapshot.GetValueOrDefault(persistenceId) + 1;
        if (since >= _snapshotEvery)
        {
            journal.Snapshot = (journal.Events.Count, stateAfter);
            since = 0;
        }
        _sinceSnapshot[persistenceId] = since;
    }

    private const string PollerId = LivePollerActor.PersistenceIdValue;

    /// <summary>Answers the API client's calls from the day's scenario: its fixtures by date, and the current poll's fixtures by ids.</summary>
    private sealed class ScenarioAnswers : HttpMessageHandler
    {
        public DayScenario Day { get; set; } = null!;
        public int Poll { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query;
            var body = query.StartsWith("?date=", StringComparison.Ordinal)
                ? Day.FixturesFileJson(DateOnly.ParseExact(query["?date=".Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                : Day.PollFileJson(Poll);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
