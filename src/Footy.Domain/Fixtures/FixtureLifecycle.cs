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
        if (Phase == FixturePhase.Finished
            && kickoff != Kickoff
            && FixtureStatusRules.Classify(status) == StatusKind.Scheduled)
        {
            return this with { Phase = FixturePhase.Staging, Kickoff = kickoff, Status = status, GracePollsLeft = 0 };
        }

        return this with { Kickoff = kickoff, Status = status };
    }

    public bool ShouldActivate(DateTimeOffset now, TimeSpan lead) =>
        Phase == FixturePhase.Staging
        && FixtureStatusRules.Classify(Status) != StatusKind.Postponed
        && Kickoff - lead <= now;

    /// <summary>Staging =&gt; Active; any other phase is returned unchanged.</summary>
    public FixtureLifecycle Activate() =>
        Phase == FixturePhase.Staging ? this with { Phase = FixturePhase.Active, GracePollsLeft = 0 } : this;

    /// <summary>
    /// One poll's status for this fixture. Observations at or before <see cref="LastObservedAt"/> are ignored.
    /// Active+Ended =&gt; Finishing (GracePollsLeft = <paramref name="gracePolls"/>, or Finished at once when 0);
    /// Finishing+Ended counts a grace poll down, Finished at 0; Finishing+InPlay/Scheduled =&gt; Active;
    /// Active/Finishing+Postponed =&gt; Staging. Staging and Finished only record the status.
    /// </summary>
    public FixtureLifecycle Observe(string status, DateTimeOffset at, int gracePolls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gracePolls);
        if (LastObservedAt is { } last && at <= last)
        {
            return this;
        }

        status ??= string.Empty;
        var next = this with { Status = status, LastObservedAt = at };
        var kind = FixtureStatusRules.Classify(status);
        return (Phase, kind) switch
        {
            (FixturePhase.Active, StatusKind.Ended) => gracePolls == 0
                ? next with { Phase = FixturePhase.Finished, GracePollsLeft = 0 }
                : next with { Phase = FixturePhase.Finishing, GracePollsLeft = gracePolls },
            (FixturePhase.Finishing, StatusKind.Ended) => GracePollsLeft <= 1
                ? next with { Phase = FixturePhase.Finished, GracePollsLeft = 0 }
                : next with { GracePollsLeft = GracePollsLeft - 1 },
            (FixturePhase.Finishing, StatusKind.InPlay or StatusKind.Scheduled) =>
                next with { Phase = FixturePhase.Active, GracePollsLeft = 0 },
            (FixturePhase.Active or FixturePhase.Finishing, StatusKind.Postponed) =>
                next with { Phase = FixturePhase.Staging, GracePollsLeft = 0 },
            _ => next,
        };
    }
}
