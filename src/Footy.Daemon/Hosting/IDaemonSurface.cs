using Footy.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Hosting;

/// <summary>
/// Something that runs beside the actor core in the daemon's process and reads it, never part of it: the admin endpoint
/// (Footy.Admin), the public goals page. <see cref="FootyHost.Build"/> adds each surface's services after the core's.
/// </summary>
public interface IDaemonSurface
{
    void AddTo(IServiceCollection services, FootyOptions options, DaemonRuntime runtime);
}
