namespace Footy.ReadModel;

/// <summary>
/// A read store: the queries websites ask, and the write side the projection uses. Writes are whole documents (an upsert
/// replaces a fixture or a goal with its clips), applied together with the journal position they bring the store to, so
/// applying the same batch twice leaves the store as once.
/// </summary>
public interface IReadModelStore : IReadModelQueries, IAsyncDisposable
{
    /// <summary>Creates the tables or collections and their indexes when missing.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>The stored documents among these ids (absent ones are left out).</summary>
    Task<StoredDocuments> LoadAsync(IReadOnlyCollection<long> fixtures, IReadOnlyCollection<string> goals, CancellationToken ct = default);

    /// <summary>
    /// Upserts the batch's documents, applies its purges and moves the stream's position forward (never back), together.
    /// A purged fixture's goals stay published with their facts, without clips, and <see cref="PublishedGoal.ClipsRemoved"/>;
    /// clips written for it afterwards (a lagging batch of another stream) are dropped; a purge seen again keeps its first time.
    /// </summary>
    Task CommitAsync(ReadModelBatch batch, CancellationToken ct = default);

    /// <summary>Where each projected stream (journal tag) stands; empty when nothing has been projected.</summary>
    Task<IReadOnlyList<StreamPosition>> PositionsAsync(CancellationToken ct = default);

    /// <summary>Goals by state (every goal, published or not), the clips kept and rejected over all of them: what monitoring counts.</summary>
    Task<ReadModelCounts> CountsAsync(CancellationToken ct = default);

    /// <summary>Removes every document and position (a staging store's leftovers, before a rebuild fills it).</summary>
    Task ResetAsync(CancellationToken ct = default);

    /// <summary>
    /// A store beside this one, with tables (collections) of its own, which a rebuild fills while readers keep reading this one;
    /// <see cref="PublishStagingAsync"/> then puts what it holds in place.
    /// </summary>
    IReadModelStore Staging();

    /// <summary>
    /// Replaces this store's documents and positions with those of its <see cref="Staging"/> store, in one step readers never see
    /// half done (a SQL transaction; in MongoDB a collection rename), and drops the staging tables. Fixtures whose clips retention
    /// purged keep their documents as they are: the journal no longer has their events, so a rebuild cannot bring them back.
    /// </summary>
    Task PublishStagingAsync(CancellationToken ct = default);

}

public sealed record StoredDocuments(IReadOnlyDictionary<long, FixtureDocument> Fixtures, IReadOnlyDictionary<string, GoalDocument> Goals);

/// <summary>
/// What one batch of journal events changed, and the position it brings its stream to: the journal's global ordering of
/// its last event and that event's write time.
/// </summary>
public sealed record ReadModelBatch(
    IReadOnlyList<FixtureDocument> Fixtures, IReadOnlyList<GoalDocument> Goals, StreamPosition Position)
{
    /// <summary>Fixtures retention purged (their journal and stored clips deleted), as the poller journaled it.</summary>
    public IReadOnlyList<FixturePurge> Purges { get; init; } = [];
}

/// <summary>Retention deleted this fixture's stored clips, and its events and its goals', at this time.</summary>
public sealed record FixturePurge(long Fixture, DateTimeOffset At);

/// <summary>How far one projected journal tag has been applied.</summary>
public sealed record StreamPosition(string Stream, long Offset, DateTimeOffset EventWrittenAt);

/// <summary>Goals by their <see cref="Footy.Domain.Goals.GoalStateNames"/> state, and the clips kept and rejected over all goals.</summary>
public sealed record ReadModelCounts(IReadOnlyDictionary<string, int> GoalsByState, int ClipsKept, int ClipsRejected)
{
    public int Goals(string state) => GoalsByState.GetValueOrDefault(state);

    /// <summary>Goals still being decided: pending confirmation, or confirmed with their clip search to finish.</summary>
    public int InFlight => Goals(Footy.Domain.Goals.GoalStateNames.Pending) + Goals(Footy.Domain.Goals.GoalStateNames.Confirmed);
}
