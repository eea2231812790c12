using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Discovery;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Tests.Hosting;

/// <summary>The clip sources and downloaders the daemon assembles follow its configuration.</summary>
public sealed class ClipWiringTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "footy-wiring-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Without_clip_settings_there_is_no_source_and_an_http_downloader_that_resolves_tweets()
    {
        using var host = FootyHost.Build(new FootyOptions { DataDirectory = _data }, DaemonRuntime.Live(), Serilog.Core.Logger.None);

        Assert.Empty(host.Services.GetRequiredService<IReadOnlyList<IClipSource>>());
        Assert.IsType<XResolvingDownloader>(host.Services.GetRequiredService<IClipDownloader>());
    }

    [Fact]
    public void Configured_sources_and_the_yt_dlp_fallback_are_assembled()
    {
        var options = new FootyOptions { DataDirectory = _data };
        options.Clips.SearchServiceUrl = "http://127.0.0.1:7777/";
        options.Clips.RedditEnabled = true;
        options.Clips.YtDlpPath = "/usr/bin/yt-dlp";

        using var host = FootyHost.Build(options, DaemonRuntime.Live(), Serilog.Core.Logger.None);

        var sources = host.Services.GetRequiredService<IReadOnlyList<IClipSource>>();
        Assert.Contains(sources, s => s is SearchServiceSource);
        Assert.Contains(sources, s => s is RedditSource);
        Assert.IsType<FallbackClipDownloader>(host.Services.GetRequiredService<IClipDownloader>());
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
