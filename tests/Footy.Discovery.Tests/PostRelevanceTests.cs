namespace Footy.Discovery.Tests;

public sealed class PostRelevanceTests
{
    private static readonly GoalSearchRequest Penalty80 = new("979139-4", 979139, "Argentina", "France", "France", "K. Mbappé",
        80, null, 2, 1, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("Mbappé from the spot! Argentina 2-1 France #ARGFRA")]
    [InlineData("Argentina [2] - 1 France - Kylian Mbappé 80'")]
    [InlineData("France 1-2 Argentina: Mbappe penalty")]
    [InlineData("MBAPPE PENALTY 79'")]
    [InlineData("Mbappé goal, no score or minute given")]
    [InlineData("Kick-off was 15:00, Mbappé scores")]
    public void A_post_about_the_goal_is_kept(string text) => Assert.Null(PostRelevance.RejectionReason(Penalty80, text));

    [Theory]
    [InlineData("Mbappé again!! Argentina 2-2 France", "score 2-2")]
    [InlineData("Argentina 2 - [2] France - Kylian Mbappé 81'", "score 2-2")]
    [InlineData("Mbappé 118' penalty", "minute 118'")]
    [InlineData("Mbappé 90+3'", "minute 90'")]
    public void A_post_about_another_goal_is_rejected_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, PostRelevance.RejectionReason(Penalty80, text));
}
