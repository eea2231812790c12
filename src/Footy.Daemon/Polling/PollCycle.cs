using Akka.Actor;
using Akka.Hosting;
using Footy.ApiFootball;
using Footy.Daemon.Configuration;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Hosting;
using Footy.Daemon.Sharding;
using Footy.Domain.Fixtures;
using Footy.Domain.Polling;
using Microsoft.Extensions.Logging;
using static Footy.Domain.Polling.PollerEvents;

namespace Footy.Daemon.Polling;

/// <summary>Which fixture dates a cycle ingests (live: today and the next days; replay: the recording's dates), and whether tracking filters apply.</summary>
public sealed record IngestPlan(IReadOnlyList<DateOnly>? FixedDates, bool ApplyTrackingFilters)
{
    public static readonly IngestPlan Live = new(null, true);
}

/// <summary>
/// One poll cycle, run outside the poller actor on a copy of its state: the pure <see cref="PollerState"/> decides when
/// to ingest, which fixtures to activate, what to poll and which fixtures to forget; the cycle makes the calls, asks the
/// fixtures and records what they answer. Returns the changes and calls the poller decides on; never touches actor state.
/// </summary>
public sealed class PollCycle(
    ApiFootballClient api,
    IActorRegistry registry,
    FootyOptions options,
    DaemonRuntime runtime,
    ILogger<PollCycle> logger)
{
    private readonly PollingRules _rules = new(
        options.Tracking.IngestTime, TimeSpan.FromMinutes(options.Tracking.ActivationLeadMinutes), options.ApiFootball.MaxIdsPerCall,
        options.Polling.Interval, options.Retention.KeepFor, options.Retention.DeleteClips);

    public CircuitStatus Circuit => api.Circuit;

    public async Task<CycleOutcome> RunAsync(PollerState start, DateTimeOffset now, CancellationToken ct)
    {
        var fixtures = await registry.GetFixtureRegionAsync(ct);
        var work = new CycleWork(start);
        var timeout = TimeSpan.FromSeconds(options.Polling.CycleTimeoutSeconds);

        work.Stages.Switch(CycleStages.Ingest);
        var ingested = await IngestIfDueAsync(work, fixtures, now, timeout, ct);
        await IngestBackfillsAsync(work, fixtures, now, timeout, ct);
        work.Stages.Switch(CycleStages.Activate);
        var activated = await ActivateAsync(work, fixtures, now, timeout);
        work.Stages.Switch(CycleStages.Fixtures);
        var (polled, skipped) = await PollAsync(work, fixtures, now, timeout, ct);
        work.Stages.Switch(CycleStages.ClipHunts);
        await TickHuntsAsync(work, now, timeout, ct);
        work.Stages.Switch(CycleStages.Forget);
        await ForgetAsync(work, fixtures, now, timeout);

        var rl = work.LastRateLimit;
        var calls = work.Calls == 0 ? null
            : new PollCycleCompleted(now, work.Calls, work.FailedCalls, rl.DailyLimit, rl.DailyRemaining, rl.MinuteLimit, rl.MinuteRemaining);
        return new CycleOutcome(work.Events, calls, new PollCycleReport(ingested, activated, polled, work.Calls, work.FailedCalls, skipped, null)
        {
            Stages = work.Stages.Stop(),
        });
    }

    private async Task<bool> IngestIfDueAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        if (!work.State.IsIngestDue(now, _rules.IngestTime)) return false;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var dates = runtime.Ingest.FixedDates ?? Enumerable.Range(0, options.Tracking.DaysAhead + 1).Select(today.AddDays).ToList();
        var complete = true;
        foreach (var date in dates)
        {
            if (await IngestDateAsync(work, fixtures, date, now, timeout, ct) is not null) continue;
            complete = false;
            if (work.BudgetExhausted) break;
        }
        if (complete) work.Add(new IngestCompleted(today, now));
        return complete;
    }

    /// <summary>Past days an operator asked for (<c>footy backfill</c>), through the same ingest as the daily one.</summary>
    private async Task IngestBackfillsAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var day in work.State.PendingBackfills)
        {
            if (await IngestDateAsync(work, fixtures, day, now, timeout, ct) is { } count) work.Add(new BackfillCompleted(day, now, count));
            else if (work.BudgetExhausted) break;
        }
    }

    /// <summary>One day's fixtures: schedules every tracked one; the number scheduled, or null when the call failed or the budget is spent.</summary>
    private async Task<int?> IngestDateAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateOnly date, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        if (!work.CanSpend(1, now))
        {
            logger.LogWarning("Fixture ingest for {Date} postponed: API request budget exhausted ({Left} left today)", date, work.Budget.RemainingToday(now));
            work.BudgetExhausted = true;
            return null;
        }
        var result = await work.CallAsync(now, () => api.GetFixturesByDateAsync(date, ct));
        if (!result.Succeeded)
        {
            logger.LogWarning("Fixture ingest for {Date} failed ({Kind}: {Message}); retrying next cycle", date, result.Failure!.Kind, result.Failure.Message);
            return null;
        }
        var tracked = result.Value!
            .Where(s => !runtime.Ingest.ApplyTrackingFilters || options.Tracking.IsTracked(s.League.Id, s.Home.Id, s.Away.Id))
            .ToList();
        var standings = await Task.WhenAll(tracked.Select(s =>
            AskFixture(fixtures, s.Id, new FixtureCommands.Schedule(s), "its schedule", now, timeout)));
        foreach (var standing in standings.OfType<FixtureCommands.FixtureStanding>()) work.Record(standing);
        var failed = standings.Count(s => s is null);
        logger.LogInformation("Ingested {Date}: {Tracked} of {Total} fixtures tracked{Failed}", date, tracked.Count, result.Value!.Count,
            failed == 0 ? "" : $", {failed} not scheduled (ingest runs again next cycle)");
        return failed == 0 ? tracked.Count : null;
    }

    private async Task<int> ActivateAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateTimeOffset now, TimeSpan timeout)
    {
        var standings = await Task.WhenAll(work.State.DueForActivation(now, _rules.ActivationLead).Select(f =>
            AskFixture(fixtures, f.Id, new FixtureCommands.Activate(f.Id, now), "its activation", now, timeout)));
        foreach (var standing in standings.OfType<FixtureCommands.FixtureStanding>()) work.Record(standing);
        return standings.Count(s => s is not null);
    }

    private async Task<(int Polled, string? Skipped)> PollAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        var (batches, skippedBy) = work.State.PlanPoll(work.Budget, now, _rules);
        if (batches.Count == 0) return (0, skippedBy);

        var polled = 0;
        runtime.Recorder?.BeginPoll(now);
        try
        {
            foreach (var batch in batches)
                polled += await PollBatchAsync(work, fixtures, batch, now, timeout, ct);
        }
        finally
        {
            runtime.Recorder?.EndPoll();
        }
        return (polled, work.BudgetExhausted ? "budget exhausted" : null);
    }

    /// <summary>One call of at most 20 ids; returns how many fixtures got their part of the answer.</summary>
    private async Task<int> PollBatchAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, FixtureId[] batch, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        if (!work.CanSpend(1, now))
        {
            logger.LogWarning("Poll of {Count} fixtures skipped: API request budget exhausted ({Left} left today)", batch.Length, work.Budget.RemainingToday(now));
            work.BudgetExhausted = true;
            return 0;
        }
        var result = await work.CallAsync(now, () => api.GetFixturesByIdsAsync(batch, ct));
        if (!result.Succeeded)
        {
            logger.LogWarning("Poll of fixtures {Ids} failed ({Kind}: {Message}); no goal advances on a failed poll",
                string.Join(",", batch), result.Failure!.Kind, result.Failure.Message);
            return 0;
        }
        var asked = batch.ToHashSet();
        var answered = result.Value!.Where(s => asked.Contains(s.Id)).GroupBy(s => s.Id).Select(g => g.First()).ToList();
        foreach (var missing in asked.Except(answered.Select(s => s.Id)))
            logger.LogWarning("Fixture {FixtureId} was missing from a successful poll; no observation recorded", missing);
        var standings = await Task.WhenAll(answered.Select(s =>
            AskFixture(fixtures, s.Id, new FixtureCommands.ApplyPoll(s, now), "the poll", now, timeout)));
        foreach (var standing in standings.OfType<FixtureCommands.FixtureStanding>()) work.Record(standing);
        return answered.Count;
    }

    /// <summary>One fixture's answer, or null (logged) when it failed or timed out: one fixture never fails the whole cycle.</summary>
    private async Task<FixtureCommands.FixtureStanding?> AskFixture(
        EntityRegion<IFixtureMessage> fixtures, FixtureId id, IFixtureMessage command, string what, DateTimeOffset now, TimeSpan timeout)
    {
        try
        {
            return await AskAgainInReplayAsync(() => fixtures.Ask<FixtureCommands.FixtureStanding>(command, timeout), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Fixture {FixtureId} did not finish applying {What} of {At:u}: {Error}; it is tried again next cycle", id, what, now, e.GetBaseException().Message);
            return null;
        }
    }

    /// <summary>The clock of every open clip search: each goal starts its next attempt when it is due.</summary>
    private async Task TickHuntsAsync(CycleWork work, DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        if (work.State.OpenHunts.Count == 0) return;
        var goals = await registry.GetGoalRegionAsync(ct);
        // A replay waits for the attempts (deterministic virtual time); live, downloads never hold up the next poll.
        await Task.WhenAll(work.State.OpenHunts.Select(async id =>
        {
            try
            {
                await AskAgainInReplayAsync(() => goals.Ask<Goals.GoalCommands.GoalAck>(
                    new Goals.GoalCommands.HuntTick(new Footy.Domain.Goals.GoalId(id), now, !runtime.SelfTicking), timeout, ct), ct);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                logger.LogWarning("Goal {GoalId} did not answer its clip-search tick of {At:u} in time", id, now);
            }
        }));
    }

    /// <summary>
    /// A replay asks a fixture or goal again when its answer does not come in time, up to <see cref="ReplayAskRounds"/> times:
    /// its node may have died or left with the message, and the entity, restarted on another node, takes the same poll again
    /// (both ignore what they already applied, and a goal's attempt under way only answers when done), so every entity gets
    /// every poll, as on one node. Live, the next cycle asks again.
    /// </summary>
    private async Task<T> AskAgainInReplayAsync<T>(Func<Task<T>> ask, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                return await ask();
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException && !runtime.SelfTicking && round < ReplayAskRounds && !ct.IsCancellationRequested)
            {
                logger.LogInformation("No answer in time ({Error}): asked again ({Round}/{Rounds})", e.GetBaseException().Message, round + 1, ReplayAskRounds);
            }
        }
    }

    private const int ReplayAskRounds = 10;

    /// <summary>Drops the fixtures the poller's rules say are done with; a purge that fails keeps the fixture for the next cycle.</summary>
    private async Task ForgetAsync(CycleWork work, EntityRegion<IFixtureMessage> fixtures, DateTimeOffset now, TimeSpan timeout)
    {
        foreach (var (fixture, purgeFirst) in work.State.DueToForget(now, _rules))
        {
            if (purgeFirst)
            {
                if (!await PurgeAsync(fixtures, fixture, timeout)) continue;
                work.Add(new FixturePurged(fixture.Id, now));
            }
            work.Add(new FixtureForgotten(fixture.Id));
        }
    }

    private async Task<bool> PurgeAsync(EntityRegion<IFixtureMessage> fixtures, TrackedFixture fixture, TimeSpan timeout)
    {
        try
        {
            var purged = await fixtures.Ask<FixtureCommands.Purged>(new FixtureCommands.Purge(fixture.Id), timeout * 2);
            logger.LogInformation("Retention: fixture {FixtureId} (kickoff {Kickoff:u}) purged with {Goals} goals and {Clips} clips",
                fixture.Id, fixture.Kickoff, purged.Goals, purged.ClipsDeleted);
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning("Retention: fixture {FixtureId} not purged ({Error}); trying again next cycle", fixture.Id, e.GetBaseException().Message);
            return false;
        }
    }

    /// <summary>The cycle's running state: events so far folded into a working copy, calls made, budget spent.</summary>
    private sealed class CycleWork(PollerState start)
    {
        public PollerState State { get; private set; } = start;
        public List<IPollerEvent> Events { get; } = [];
        public RequestBudget Budget { get; private set; } = start.Budget;
        public int Calls { get; private set; }
        public int FailedCalls { get; private set; }
        public bool BudgetExhausted { get; set; }
        public RateLimitInfo LastRateLimit { get; private set; } = RateLimitInfo.None;
        public CycleStages Stages { get; } = new();

        public void Add(IPollerEvent e)
        {
            Events.Add(e);
            State = State.Apply(e);
        }

        public void Record(FixtureCommands.FixtureStanding s)
        {
            if (State.Track(new TrackedFixture(s.FixtureId, s.Kickoff, s.Phase, s.Status)) is { } recorded) Add(recorded);
        }

        public bool CanSpend(int calls, DateTimeOffset now) => Budget.CanSpend(calls, now);

        public async Task<ApiCallResult<T>> CallAsync<T>(DateTimeOffset now, Func<Task<ApiCallResult<T>>> call)
        {
            var interrupted = Stages.Switch(CycleStages.ApiCalls);
            var result = await call();
            Stages.Switch(interrupted);
            // A call refused by the open circuit never reached the upstream: it costs nothing.
            if (result.Failure?.Kind == ApiFailureKind.CircuitOpen) return result;
            Calls++;
            Budget = Budget.Spend(1, now);
            var rl = result.RateLimit;
            if (rl.DailyRemaining is not null || rl.MinuteRemaining is not null) LastRateLimit = rl;
            Budget = Budget.ObserveHeaders(rl.DailyLimit, rl.DailyRemaining, rl.MinuteLimit, rl.MinuteRemaining, now);
            if (!result.Succeeded) FailedCalls++;
            return result;
        }
    }
}

/// <summary>What a cycle changed in the registry, its calls (null when it made none), and its report.</summary>
public sealed record CycleOutcome(IReadOnlyList<IPollerEvent> Changes, PollCycleCompleted? Calls, PollCycleReport Report)
{
    public DateTimeOffset Now { get; init; }
}
