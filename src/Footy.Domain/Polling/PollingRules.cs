namespace Footy.Domain.Polling;

/// <summary>
/// The poller's settings, from configuration. <paramref name="KeepFinishedFor"/> null keeps finished fixtures' records
/// (they leave the registry after <see cref="PollerState.ForgetFinishedAfter"/>); otherwise finished fixtures leave it
/// that long after kickoff, purged first when <paramref name="PurgeFinished"/>.
/// </summary>
public sealed record PollingRules(
    TimeOnly IngestTime, TimeSpan ActivationLead, int MaxIdsPerCall, TimeSpan Interval, TimeSpan? KeepFinishedFor, bool PurgeFinished);
