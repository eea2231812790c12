using System.Text.RegularExpressions;
using Footy.Storage.Tests.Support;
using Footy.Web.Tests.Support;
using Microsoft.Playwright;

namespace Footy.Web.Tests;

/// <summary>The goals page in a real browser (Debian's chromium, phone-sized), on the daemon that played the 2022 final.</summary>
[Collection(FinalCollection.Name)]
public sealed class GoalsPageTests(FinalDaemon final)
{
    private static readonly LocatorAssertionsToHaveCountOptions Patiently = new() { Timeout = 30_000 };

    /// <summary>The new URL is enough: what the page shows is awaited patiently after it, not the document's load event.</summary>
    private static readonly PageWaitForURLOptions Navigated = new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 };

    private string DayUrl => new Uri(final.Daemon.Web, "?date=2022-12-18").ToString();

    [Fact]
    public async Task The_page_lists_every_goal_of_the_final_on_a_phone_screen_and_a_kept_clip_plays()
    {
        var page = await final.Chromium.PhoneAsync();
        await page.GotoAsync(DayUrl);
        var goals = page.Locator(".goal");
        await Assertions.Expect(goals).ToHaveCountAsync(final.Expected.Count, Patiently);

        var shown = new List<(string Minute, string Scorer, string Team, string State)>();
        foreach (var goal in await goals.AllAsync())
            shown.Add((await goal.Locator(".minute").TextContentAsync() ?? "", await goal.Locator(".scorer").TextContentAsync() ?? "",
                await goal.Locator(".team").TextContentAsync() ?? "", await goal.Locator(".state").TextContentAsync() ?? ""));
        Assert.Equal(final.Expected.OrderBy(g => g.Minute).Select(g => ($"{g.Minute}'", g.Player, g.Team)), shown.Select(s => (s.Minute, s.Scorer, s.Team)));
        Assert.Equal(final.Expected.OrderBy(g => g.Minute).Select(g => g.State == "cancelled"), shown.Select(s => s.State == "Cancelled by VAR"));
        Assert.All(shown.Where(s => s.State != "Cancelled by VAR"), s => Assert.Contains(s.State, new[] { "Complete", "No clip found" }));
        Assert.Equal("Argentina", await page.Locator(".fixture .home").TextContentAsync());
        Assert.Equal("After penalties", await page.Locator(".fixture .status").TextContentAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than the phone");

        var clip = page.Locator(".goal video").First;
        await clip.ScrollIntoViewIfNeededAsync();
        await clip.EvaluateAsync("video => { video.muted = true; return video.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('.goal video').currentTime > 0.5", null, new() { Timeout = 30_000 });
        await clip.EvaluateAsync("video => { video.pause(); video.currentTime = 1; }");

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var docs = Path.Combine(S3rverServer.RepositoryRoot()!, "docs");
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "goals-page.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_goal_cancelled_by_VAR_shows_as_cancelled_with_no_clip()
    {
        var page = await final.Chromium.PhoneAsync();
        await page.GotoAsync(DayUrl);

        var cancelled = page.Locator(".goal[data-state=cancelled]");
        await Assertions.Expect(cancelled).ToHaveCountAsync(1, Patiently);
        Assert.Equal("R. Kolo Muani", await cancelled.Locator(".scorer").TextContentAsync());
        Assert.Equal("Cancelled by VAR", await cancelled.Locator(".state").TextContentAsync());
        Assert.Equal(0, await cancelled.Locator("video").CountAsync());
        Assert.True(await page.Locator(".goal[data-state=complete] video").CountAsync() >= 2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_goal_s_link_opens_that_goal_alone_and_keeps_working_when_shared()
    {
        var page = await final.Chromium.PhoneAsync();
        await page.GotoAsync(DayUrl);
        var withClip = page.Locator(".goal", new() { Has = page.Locator("video") }).First;
        await Assertions.Expect(withClip).ToHaveCountAsync(1, Patiently);
        var id = await withClip.GetAttributeAsync("data-goal");
        var scorer = await withClip.Locator(".scorer").TextContentAsync();

        await withClip.Locator(".share").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/goals/{id}$"), Navigated);
        await Assertions.Expect(page.Locator(".goal")).ToHaveCountAsync(1, Patiently);

        var shared = await final.Chromium.PhoneAsync();
        await shared.GotoAsync(page.Url);
        await Assertions.Expect(shared.Locator(".goal .scorer")).ToHaveTextAsync(scorer!);
        Assert.True(await shared.Locator(".goal video").CountAsync() >= 1);
        await Assertions.Expect(shared.Locator(".back")).ToHaveAttributeAsync("href", "/?date=2022-12-18");
        await page.Context.CloseAsync();
        await shared.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_opens_on_the_daemon_s_today_and_other_days_are_reachable()
    {
        var page = await final.Chromium.PhoneAsync();
        await page.GotoAsync(final.Daemon.Web.ToString());
        await Assertions.Expect(page.Locator(".goal")).ToHaveCountAsync(final.Expected.Count, Patiently);
        Assert.Equal("2022-12-18", await page.InputValueAsync("#date"));

        await page.ClickAsync("#previous");
        await page.WaitForURLAsync(new Regex(@"\?date=2022-12-17$"), Navigated);
        await Assertions.Expect(page.Locator("main")).ToHaveTextAsync("No match on this day.", new() { Timeout = 30_000 });

        await page.SelectOptionAsync("#known-days", "2022-12-18");
        await page.WaitForURLAsync(new Regex(@"\?date=2022-12-18$"), Navigated);
        await Assertions.Expect(page.Locator(".goal")).ToHaveCountAsync(final.Expected.Count, Patiently);
        await page.Context.CloseAsync();
    }
}
