namespace Footy.Domain.Fixtures;

/// <summary>
/// A fixture's polling state. Pure: every transition takes the time it happened at and returns a new value.
/// </summary>
/// <param name="GracePollsLeft">Only meaningful in <see cref="FixturePhase.Finishing"/>: ended polls still to make.</param>
/// <param name="LastObservedAt">Time of the last accepted poll observation; older or equal ones are ignored.</param>
public sealed record FixtureLifecycle(
    FixturePhase Phase,
    string Status,
    DateTimeOffset Kickoff,
    int GracePollsLeft,
    DateTimeOffset? LastObservedAt)
{
    public StatusKind StatusKind => FixtureStatusRules.Classify(Status);

    public bool IsPolled => Phase is FixturePhase.Active or FixturePhase.Finishing;

    /// <summary>
    /// A newly ingested fixture. Always starts in <see cref="FixturePhase.Staging"/>, whatever the status (even FT):
    /// every fixture is polled at least through its grace polls so its goals are seen; the poll decides.
    /// </summary>
    public static FixtureLifecycle Scheduled(DateTimeOffset kickoff, string status) =>
        new(FixturePhase.Staging, status ?? string.Empty, kickoff, 0, null);

    /// <summary>
    /// A later ingest of the same fixture: takes the new kickoff and status. The phase is kept, with one exception:
    /// a <see cref="FixturePhase.Finished"/> fixture whose kickoff moved and whose status is scheduled again
    /// (a postponed or abandoned match replayed under the same id) goes back to <see cref="FixturePhase.Staging"/>.
    /// </summary>
    public FixtureLifecycle Reschedule(DateTimeOffset kickoff, string status)
    {
        status ??= string.Empty;
        return IsReplayedAt(kickoff, status)
            ? this with { Phase = FixturePhase.Staging, Kickoff = kickoff, Status = status, GracePollsLeft = 0 }
            : this with { Kickoff = kickoff, Status = status };
    }

    /// <summary>
    /// Whether an ingest's kickoff and status reschedule this fixture: a staging fixture takes any change; a finished
    /// one only a replay (see <see cref="Reschedule"/>); an active or finishing fixture follows its polls instead.
    /// </summary>
    public bool IsRescheduledBy(DateTimeOffset kickoff, string status) => Phase switch
    {
        FixturePhase.Staging => kickoff != Kickoff || (status ?? string.Empty) != Status,
        FixturePhase.Finished => IsReplayedAt(kickoff, status ?? string.Empty),
        _ => false,
    };

    private bool IsReplayedAt(DateTimeOffset kickoff, string status) =>
        Phase == FixturePhase.Finished && kickoff != Kickoff && FixtureStatusRules.Classify(status) == StatusKind.Scheduled;

    public bool ShouldActivate(DateTimeOffset now, TimeSpan lead) =>
        Phase == FixturePhase.Staging
        && FixtureStatusRules.Classify(Status) != StatusKind.Postponed
        && Kickoff - lead <= now;

    /// <summary>Staging =&gt; Active; any other phase is returned unchanged.</summary>
    public FixtureLifecycle Activate() =>
        Phase == FixturePhase.Staging ? this with { Phase = FixturePhase.Active, GracePollsLeft = 0 } : this;

    /// <summary>True once the upstream has shown the match in play or ended: from then on it cannot be "not started" again.</summary>
    public bool HasKickedOff => StatusKind is StatusKind.InPlay or StatusKind.Ended;

    /// <summary>
    /// One poll's status for this fixture. Observations at or before <see cref="LastObservedAt"/> are ignored.
    /// Active+Ended =&gt; Finishing (GracePollsLeft = <paramref name="gracePolls"/>, or Finished at once when 0);
    /// Finishing+Ended counts a grace poll down, Finished at 0; Finishing+InPlay =&gt; Active (a premature FT, or
    /// extra time); Active+Postponed before kickoff =&gt; Staging. Staging and Finished only record the status.
    /// <para>A status going backwards to "not started" (NS, TBD, PST) after <see cref="HasKickedOff"/> is a stale or
    /// wrong answer: it is not recorded and changes no phase, but a Finishing fixture counts it as a grace poll, so
    /// an upstream stuck on it cannot keep a finished match polled. Going back between in-play statuses (2H to HT)
    /// only records the status.</para>
    /// </summary>
    public FixtureLifecycle Observe(string status, DateTimeOffset at, int gracePolls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gracePolls);
        if (LastObservedAt is { } last && at <= last)
        {
            return this;
        }

        status ??= string.Empty;
        var kind = FixtureStatusRules.Classify(status);
        var regression = HasKickedOff && kind is StatusKind.Scheduled or StatusKind.Postponed;
        var next = regression ? this with { LastObservedAt = at } : this with { Status = status, LastObservedAt = at };
        return (Phase, kind) switch
        {
            (FixturePhase.Active, _) when regression => next,
            (FixturePhase.Finishing, _) when regression => CountGracePoll(next),
            (FixturePhase.Active, StatusKind.Ended) => gracePolls == 0
                ? next with { Phase = FixturePhase.Finished, GracePollsLeft = 0 }
                : next with { Phase = FixturePhase.Finishing, GracePollsLeft = gracePolls },
            (FixturePhase.Finishing, StatusKind.Ended) => CountGracePoll(next),
            (FixturePhase.Finishing, StatusKind.InPlay) => next with { Phase = FixturePhase.Active, GracePollsLeft = 0 },
            (FixturePhase.Active, StatusKind.Postponed) => next with { Phase = FixturePhase.Staging, GracePollsLeft = 0 },
            _ => next,
        };
    }

    private static FixtureLifecycle CountGracePoll(FixtureLifecycle f) => f.GracePollsLeft <= 1
        ? f with { Phase = FixturePhase.Finished, GracePollsLeft = 0 }
        : f with { GracePollsLeft = f.GracePollsLeft - 1 };
}
