using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Web;

/// <summary>
/// The goals page beside the daemon (<c>footy run</c>, <c>footy record</c>): its own endpoint, read-only, reading the read
/// model and the clip store. Nothing of the admin endpoint is reachable from it.
/// </summary>
public sealed class WebSurface : IDaemonSurface
{
    public void AddTo(IServiceCollection services, FootyOptions options, DaemonRuntime runtime)
    {
        if (!options.Web.Enabled) return;
        services.AddSingleton<WebEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<WebEndpoint>());
    }
}
