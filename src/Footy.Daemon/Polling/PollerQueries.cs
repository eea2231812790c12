using Footy.ApiFootball;
using Footy.Domain.Polling;

namespace Footy.Daemon.Polling;

public static class PollerQueries
{
    public sealed record GetPollerStatus;

    public sealed record PollerStatus(
        IReadOnlyList<TrackedFixture> Fixtures, DateOnly? LastIngestDay, DateTimeOffset? LastCycleAt,
        DateTimeOffset? LastSuccessfulPollAt, int RequestsLeftToday, CircuitStatus Circuit, int OpenHunts,
        IReadOnlyList<DateOnly> PendingBackfills);
}
