using System.Net.Http.Json;
using System.Text.Json;
using Footy.Web.Tests.Support;
using Microsoft.Playwright;

namespace Footy.Web.Tests;

/// <summary>An open page gets new goals without a reload, and upstream names that look like HTML are shown as text.</summary>
public sealed class LiveGoalsTests(EveningDaemon evening) : IClassFixture<EveningDaemon>
{
    [Fact]
    public async Task Goals_confirmed_while_the_page_is_open_appear_without_a_reload_and_hostile_names_render_as_text()
    {
        var page = await evening.Chromium.PhoneAsync();
        await page.GotoAsync(new Uri(evening.Daemon.Web, $"?date={EveningDaemon.Day:yyyy-MM-dd}").ToString());
        await Assertions.Expect(page.Locator("main")).ToHaveTextAsync("No match on this day.");
        await Assertions.Expect(page.Locator("#live")).ToBeVisibleAsync(); // the live stream is open
        await page.EvaluateAsync("() => { window.__samePage = true; }");

        using var admin = new HttpClient { BaseAddress = evening.Daemon.Admin };
        using var backfill = await admin.PostAsync($"api/backfill?date={EveningDaemon.Day:yyyy-MM-dd}", null);
        Assert.True(backfill.IsSuccessStatusCode, await backfill.Content.ReadAsStringAsync());

        var goals = page.Locator(".goal");
        await Assertions.Expect(goals).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator(".goal .state").First).ToHaveTextAsync("No clip found", new() { Timeout = 90_000 });

        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
        Assert.Equal([EveningDaemon.ScriptScorer, EveningDaemon.ImageScorer], await page.Locator(".goal .scorer").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));

        var day = await evening.Daemon.Http.GetFromJsonAsync<JsonElement>($"api/fixtures?date={EveningDaemon.Day:yyyy-MM-dd}");
        Assert.Equal([EveningDaemon.ScriptScorer, EveningDaemon.ImageScorer],
            day.GetProperty("fixtures")[0].GetProperty("goals").EnumerateArray().Select(g => g.GetProperty("player").GetString()));
        await page.Context.CloseAsync();
    }
}
