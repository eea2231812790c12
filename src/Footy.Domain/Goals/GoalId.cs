using Footy.Domain.Fixtures;

namespace Footy.Domain.Goals;

/// <summary>
/// A goal's identity: the fixture plus the order in which the goal was first seen there
/// (<c>979139-3</c> is the third goal ever seen in fixture 979139). Built once, never from mutable
/// fields such as scorer or minute, so corrections and re-attributions keep the same id.
/// </summary>
public readonly record struct GoalId(string Value)
{
    public static GoalId For(FixtureId fixture, int ordinal) => new($"{fixture}-{ordinal}");

    /// <summary>The fixture part of <c>&lt;fixture&gt;-&lt;ordinal&gt;</c>, or null when the id is not of that form.</summary>
    public FixtureId? Fixture =>
        Value.LastIndexOf('-') is var dash and > 0 && long.TryParse(Value[..dash], out var fixture) ? new FixtureId(fixture) : null;

    public override string ToString() => Value;
}
