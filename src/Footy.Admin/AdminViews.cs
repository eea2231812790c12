namespace Footy.Admin;

/// <summary>What the admin endpoint answers, as JSON; the <c>footy</c> CLI reads the same records back.</summary>
public static class AdminViews
{
    public sealed record NodeStatus(
        string Node, string MemberStatus, string Version, double UptimeSeconds, DateTimeOffset Now,
        int TrackedFixtures, int PolledFixtures, int GoalsInFlight, int OpenHunts,
        int MediaQueueDepth, int MediaQueueCapacity,
        int ApiRequestsLeftToday, string ApiCircuit,
        DateTimeOffset? LastCycleAt, DateTimeOffset? LastSuccessfulPollAt, bool Stale, IReadOnlyList<DateOnly> PendingBackfills,
        long ReadModelLagEvents, double ReadModelLagSeconds);

    public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

    public sealed record ClusterView(
        string SelfAddress, IReadOnlyList<string> Roles, string Status, string? Leader, string Version,
        IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable);

    public sealed record ClusterChange(DateTimeOffset At, string Event, string Address, string? Status);

    public sealed record ClusterActionResult(string Action, IReadOnlyList<string> Addresses);

    public sealed record RegionView(string TypeName, int LocalShards, int LocalEntities);

    public sealed record RegionShards(string Address, IReadOnlyDictionary<string, int> EntitiesPerShard, IReadOnlyList<string> FailedShards);

    public sealed record RegionStats(string TypeName, IReadOnlyList<RegionShards> Regions);

    public sealed record ShardView(string TypeName, string ShardId, int Entities);

    public sealed record EntityPlacement(string TypeName, string EntityId, string ShardId, string Address, string? RunningActor);

    public sealed record ActorNode(string Path, string Name, IReadOnlyList<ActorNode> Children);

    /// <summary>A fixture: <see cref="Phase"/> is ours (staging, active, finishing, finished), <see cref="UpstreamStatus"/> API-Football's status.short.</summary>
    public sealed record FixtureRow(
        long Id, string Home, string Away, string League, DateTimeOffset Kickoff, string UpstreamStatus, string Phase,
        int? HomeGoals, int? AwayGoals, int? Elapsed, DateTimeOffset? LastPolledAt, IReadOnlyList<string> Goals);

    /// <summary>A goal: <see cref="State"/> is one of the <see cref="Footy.Domain.Goals.GoalStateNames"/> names.</summary>
    public sealed record GoalRow(
        string Id, long Fixture, string Team, string? Player, int? Minute, int? Extra, string Detail, string State,
        DateTimeOffset? FirstSeenAt, DateTimeOffset? ConfirmedAt, int AttemptsMade, int ClipsKept, int ClipsRejected, bool HuntFinished);

    public sealed record GoalHistoryEntry(long SequenceNr, DateTimeOffset? At, string Event, string Detail);

    public sealed record KeptClipView(string Key, int Width, int Height, double Duration, long Bytes, int Popularity, IReadOnlyList<string> Sources);

    public sealed record RejectedClipView(string PostId, string Reason);

    public sealed record GoalReport(
        GoalRow Goal, int SeenStreak, int MissingStreak, DateTimeOffset? HuntStartedAt, DateTimeOffset? HuntFinishedAt,
        IReadOnlyList<KeptClipView> Kept, IReadOnlyList<RejectedClipView> Rejected, IReadOnlyList<GoalHistoryEntry> History);

    public sealed record JournalEntry(long SequenceNr, string Event, DateTimeOffset? At, string Payload);

    public sealed record JournalView(string PersistenceId, long HighestSequenceNr, bool Truncated, IReadOnlyList<JournalEntry> Events);

    /// <summary>One search attempt or one processed clip of a goal: the seeds' run manifest.</summary>
    public sealed record RunRecord(
        string Goal, long Fixture, string Kind, DateTimeOffset At, string Input, string Output, double? DurationSeconds, string Status, string? Error);

    public sealed record LogLevelView(string Level);

    public sealed record ActionResult(string Action, string Target, string Outcome);

    public sealed record BackfillView(DateOnly Day, IReadOnlyList<DateOnly> Pending);

    public sealed record ErrorView(string Error);
}
