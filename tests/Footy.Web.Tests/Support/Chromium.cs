using Microsoft.Playwright;

namespace Footy.Web.Tests.Support;

/// <summary>Debian's chromium (/usr/bin/chromium) driven by Playwright: downloading Playwright's own browsers is impossible here.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {Executable}: apt-get install -y chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--autoplay-policy=no-user-gesture-required"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A page the size of a phone's screen (390 x 844 CSS pixels, touch).</summary>
    public async Task<IPage> PhoneAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
