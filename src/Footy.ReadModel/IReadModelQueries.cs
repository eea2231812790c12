namespace Footy.ReadModel;

/// <summary>What the goals page and other websites ask of the read model. Every store answers it the same way.</summary>
public interface IReadModelQueries
{
    /// <summary>Fixtures kicking off on <paramref name="day"/> (UTC), each with its goals and their clips.</summary>
    Task<IReadOnlyList<PublishedFixture>> FixturesOnAsync(DateOnly day, CancellationToken ct = default);

    /// <summary>One goal with its clips, or null when the read model does not know it.</summary>
    Task<PublishedGoal?> GoalAsync(string goalId, CancellationToken ct = default);

    /// <summary>The UTC days that have at least one fixture, oldest first.</summary>
    Task<IReadOnlyList<DateOnly>> DaysAsync(CancellationToken ct = default);

    /// <summary>
    /// The journal position the read model has applied up to; it grows whenever something published changes,
    /// so a page can poll it cheaply to know when to refresh. Zero when nothing has been projected.
    /// </summary>
    Task<long> PositionAsync(CancellationToken ct = default);
}
