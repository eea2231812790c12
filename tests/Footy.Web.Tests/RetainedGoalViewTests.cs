using Footy.Domain.Goals;
using Footy.ReadModel;

namespace Footy.Web.Tests;

/// <summary>A goal whose clips retention deleted, as the page and the JSON show it: still there, saying its clips are gone, with no clip URL.</summary>
public sealed class RetainedGoalViewTests
{
    private static readonly Uri Site = new("http://127.0.0.1:8080/");

    private static PublishedGoal Goal(string state, bool clipsRemoved) => new(
        "979139-1", 979139, 23, null, "Argentina", "L. Messi", null, "Penalty", 1, 0, state, false,
        new DateTimeOffset(2022, 12, 18, 15, 23, 0, TimeSpan.Zero), []) { ClipsRemoved = clipsRemoved };

    [Theory]
    [InlineData(GoalStateNames.Complete, false, "No clip found")]
    [InlineData(GoalStateNames.Complete, true, "Clips no longer kept")]
    [InlineData(GoalStateNames.Confirmed, true, "Clips no longer kept")]
    [InlineData(GoalStateNames.Cancelled, true, "Cancelled by VAR")]
    public void A_goal_says_its_clips_are_gone_only_when_retention_deleted_them(string state, bool clipsRemoved, string text)
    {
        var view = WebViews.Goal(Goal(state, clipsRemoved), Site);

        Assert.Equal((text, clipsRemoved, 0), (view.StateText, view.ClipsRemoved, view.Clips.Count));
        Assert.Equal("http://127.0.0.1:8080/goals/979139-1", view.Url);
    }
}
