using System.Net;
using Footy.Daemon.Configuration;
using Footy.ReadModel;
using Footy.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Footy.Web;

/// <summary>
/// The goals page's endpoint inside the daemon (Kestrel, default 127.0.0.1:8080), apart from the admin endpoint: its own
/// server with only the page's routes, all read-only. The bound URL is written to <c>{DataDirectory}/web.endpoint</c>, so
/// a node started on port 0 can be found. A port already in use leaves the daemon running without its page (logged as an
/// error): the goals are still collected and published to the read model.
/// </summary>
public sealed class WebEndpoint(
    FootyOptions options, IReadModelQueries readModel, IClipStore clips, TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    public const string EndpointFileName = "web.endpoint";

    private readonly ILogger _logger = loggers.CreateLogger<WebEndpoint>();
    private WebApplication? _app;
    private LiveUpdates? _live;

    public Uri? BoundUrl { get; private set; }

    public static string EndpointFile(FootyOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), EndpointFileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var web = options.Web;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(web.Address == "localhost" ? IPAddress.Loopback : IPAddress.Parse(web.Address), web.Port);
            k.Limits.MaxRequestBodySize = 0;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var live = new LiveUpdates(readModel, web.MaxLivePages, app.Lifetime.ApplicationStopping, loggers.CreateLogger<LiveUpdates>());
        WebRoutes.Map(app, readModel, clips, live, time, _logger);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            _logger.LogError("Goals page not served: {Address}:{Port} is already in use ({Error}); set Web:Port (0 picks a free port) or Web:Enabled=false",
                web.Address, web.Port, e.Message);
            await app.DisposeAsync();
            return;
        }
        _app = app;
        _live = live;
        await live.StartAsync(cancellationToken);

        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BoundUrl = new Uri(url.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        await File.WriteAllTextAsync(EndpointFile(options), BoundUrl.ToString().TrimEnd('/'), cancellationToken);
        _logger.LogInformation("Goals page listening on {Url}", url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        try
        {
            File.Delete(EndpointFile(options));
        }
        catch (IOException e)
        {
            _logger.LogWarning("Web endpoint file not deleted: {Error}", e.Message);
        }
        await _app.StopAsync(cancellationToken);
        if (_live is not null) await _live.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
