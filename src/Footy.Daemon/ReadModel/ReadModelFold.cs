using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.ReadModel;
using static Footy.Domain.Fixtures.FixtureEvents;

namespace Footy.Daemon.ReadModel;

/// <summary>
/// From journal events to published documents: pure, no Akka. Each document remembers the sequence number of the last event
/// of its entity it took in, and an event at or below it changes nothing, so an event delivered twice (a batch replayed after
/// a crash, a resumed stream) leaves the document as once. Fixtures fold their lifecycle with <see cref="FixtureLifecycle"/>,
/// as the fixture actor does; goals follow their lifecycle and clip events as the goal actor's state does. An event that
/// publishes nothing (a miss, a search attempt, a kind added later) only moves the sequence number: the projection never
/// stops on an event it does not know.
/// </summary>
public static class ReadModelFold
{
    public const string FixturePrefix = "fixture-";
    public const string GoalPrefix = "goal-";

    /// <summary>The fixture after this event of it; null while nothing is known of it (an event before its schedule).</summary>
    public static FixtureDocument? Apply(FixtureDocument? fixture, FixtureId id, long sequenceNr, IFixtureEvent e, int gracePolls)
    {
        if (fixture is not null && sequenceNr <= fixture.SequenceNr) return fixture;
        if (e is FixtureScheduled s)
            return WithLifecycle(
                new FixtureDocument(id.Value, s.Kickoff, "", s.Status, fixture?.Elapsed, s.League.Name, s.League.Country, s.Home.Name,
                    s.Away.Name, fixture?.HomeGoals, fixture?.AwayGoals, fixture?.LastActivity ?? s.Kickoff, 0, null, sequenceNr),
                FixtureLifecycle.Scheduled(s.Kickoff, s.Status));
        if (fixture is null) return null;
        var lifecycle = new FixtureLifecycle(Enum.Parse<FixturePhase>(fixture.Phase, ignoreCase: true), fixture.UpstreamStatus,
            fixture.Kickoff, fixture.GracePollsLeft, fixture.LastObservedAt);
        var next = fixture with { SequenceNr = sequenceNr };
        return e switch
        {
            FixtureRescheduled r => WithLifecycle(next, lifecycle.Reschedule(r.Kickoff, r.Status)),
            FixtureActivated a => WithLifecycle(next with { LastActivity = a.At }, lifecycle.Activate()),
            FixturePolled p => WithLifecycle(
                next with { Elapsed = p.Elapsed, HomeGoals = p.HomeGoals, AwayGoals = p.AwayGoals, LastActivity = p.At },
                lifecycle.Observe(p.Status, p.At, gracePolls)),
            _ => next,
        };
    }

    /// <summary>The goal after this event of it; null while nothing is known of it (no sighting yet).</summary>
    public static GoalDocument? Apply(GoalDocument? goal, GoalId id, long sequenceNr, object e)
    {
        if (goal is not null && sequenceNr <= goal.SequenceNr) return goal;
        if (goal is null)
            return e is GoalSighted first
                ? WithFacts(new GoalDocument(id.Value, id.Fixture?.Value ?? 0, 0, null, "", "", null, "", 0, 0, GoalStateNames.Pending,
                    false, false, first.At, [], 0, sequenceNr), first.Facts)
                : null;
        var next = goal with { SequenceNr = sequenceNr };
        return e switch
        {
            GoalSighted s => WithFacts(next, s.Facts),
            GoalCorrected c => WithFacts(next, c.After),
            GoalReattributed r => WithFacts(next, r.After),
            GoalConfirmed => next with { State = GoalStateNames.Confirmed, WasConfirmed = true },
            GoalWithdrawn => next with { State = GoalStateNames.Cancelled },
            GoalRevived => next with { State = GoalStateNames.Pending },
            GoalCompleted => next with { State = GoalStateNames.Complete },
            GoalExpired => next with { State = GoalStateNames.Expired },
            GoalMissed or GoalMatchFinished => next,
            ClipEvents.ClipHuntStarted or ClipEvents.ClipHuntRestarted => next with { HuntOpen = true },
            ClipEvents.ClipHuntFinished => next with { HuntOpen = false },
            ClipEvents.ClipRejected => next with { ClipsRejected = next.ClipsRejected + 1 },
            ClipEvents.ClipStored stored => WithClips(next, next.Clips.Where(c => c.Key != stored.Clip.Key).Append(Clip(stored.Clip))),
            ClipEvents.ClipReplaced replaced => WithClips(next, next.Clips.Select(c => c.Key == replaced.Clip.Key ? Clip(replaced.Clip) : c)),
            ClipEvents.ClipMerged merged => WithClips(next, next.Clips.Select(c => c.Key == merged.Key ? c with { Popularity = merged.Popularity } : c)),
            ClipEvents.ClipRemoved removed => WithClips(next, next.Clips.Where(c => c.Key != removed.Key)),
            ClipEvents.ClipsDeleted deleted => WithClips(next, next.Clips.Where(c => !deleted.Keys.Contains(c.Key))),
            _ => next,
        };
    }

    /// <summary>A clip as published: its probe's figures, the duration to the hundredth of a second (as the summary has it).</summary>
    public static ClipDocument Clip(KeptClip clip) =>
        new(clip.Key, clip.Probe.Width, clip.Probe.Height, Math.Round(clip.Probe.DurationSeconds, 2), clip.Probe.Bytes, clip.Popularity);

    private static FixtureDocument WithLifecycle(FixtureDocument fixture, FixtureLifecycle lifecycle) => fixture with
    {
        Phase = lifecycle.Phase.ToString().ToLowerInvariant(),
        UpstreamStatus = lifecycle.Status,
        Kickoff = lifecycle.Kickoff,
        GracePollsLeft = lifecycle.GracePollsLeft,
        LastObservedAt = lifecycle.LastObservedAt,
    };

    private static GoalDocument WithFacts(GoalDocument goal, GoalFacts facts) => goal with
    {
        Minute = facts.Minute,
        Extra = facts.Extra,
        Team = facts.TeamName,
        Player = facts.PlayerName ?? "",
        Assist = facts.AssistName,
        Detail = GoalDetails.ToApiString(facts.Detail),
        HomeScoreAfter = facts.HomeScoreAfter,
        AwayScoreAfter = facts.AwayScoreAfter,
    };

    private static GoalDocument WithClips(GoalDocument goal, IEnumerable<ClipDocument> clips) =>
        goal with { Clips = ClipDocument.BestFirst(clips) };
}
