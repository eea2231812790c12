using Footy.ApiFootball;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Discovery;
using Footy.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Tests.Hosting;

/// <summary>The daemon's HTTP clients come from IHttpClientFactory, on handlers whose connections are renewed (DNS changes).</summary>
public sealed class HttpClientWiringTests
{
    [Fact]
    public void Every_long_lived_client_is_a_named_factory_client_with_a_pooled_connection_lifetime()
    {
        using var data = new TempDir();
        var options = new FootyOptions { DataDirectory = data.Path };
        options.Clips.SearchServiceUrl = "http://127.0.0.1:7777/";
        options.Clips.RedditEnabled = true;
        using var host = FootyHost.Build(options, DaemonRuntime.Live(), Serilog.Core.Logger.None);

        Assert.NotNull(host.Services.GetRequiredService<ApiFootballClient>());
        Assert.Equal(2, host.Services.GetRequiredService<IReadOnlyList<IClipSource>>().Count);
        Assert.IsType<XResolvingDownloader>(host.Services.GetRequiredService<IClipDownloader>());

        var handlers = host.Services.GetRequiredService<IHttpMessageHandlerFactory>();
        foreach (var name in new[] { HttpClients.ApiFootball, HttpClients.XSyndication, HttpClients.SearchService, HttpClients.Reddit })
        {
            var primary = Assert.IsType<SocketsHttpHandler>(Innermost(handlers.CreateHandler(name)));
            Assert.Equal(HttpClients.PooledConnectionLifetime, primary.PooledConnectionLifetime);
        }
        var api = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClients.ApiFootball);
        Assert.Equal(options.ApiFootball.BaseUrl, api.BaseAddress);
    }

    private static HttpMessageHandler Innermost(HttpMessageHandler handler) =>
        handler is DelegatingHandler { InnerHandler: { } inner } ? Innermost(inner) : handler;
}
