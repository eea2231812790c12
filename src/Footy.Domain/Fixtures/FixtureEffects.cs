namespace Footy.Domain.Fixtures;

/// <summary>What the fixture actor does for a decision, in order, once the decision's events are persisted.</summary>
public static class FixtureEffects
{
    public abstract record FixtureEffect;

    /// <summary>Tell the sender where the fixture stands now.</summary>
    public sealed record AnswerStanding : FixtureEffect;

    /// <summary>Tell the poller where the fixture stands (after recovery, unasked).</summary>
    public sealed record ReportStanding : FixtureEffect;

    /// <summary>
    /// Hand the poll to the goals it shows or misses (and, once the match is finished, tell every goal of the ledger);
    /// with <see cref="AnswerWhenDone"/> the sender hears the standing only once every goal acknowledged it.
    /// </summary>
    public sealed record HandPollToGoals(FixtureEvents.FixturePolled Poll, bool MatchFinished, bool AnswerWhenDone) : FixtureEffect;
}
