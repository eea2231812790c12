using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>The journal and snapshot store health checks of Akka.Persistence.Hosting are registered for /readyz.</summary>
public sealed class PersistenceHealthCheckTests
{
    [Fact]
    public void The_journal_and_the_snapshot_store_are_readiness_checks()
    {
        using var data = new TempDir();
        using var host = FootyHost.Build(new FootyOptions { DataDirectory = data.Path }, DaemonRuntime.Live(), Serilog.Core.Logger.None);

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        foreach (var name in new[] { "journal", "snapshot-store" })
            Assert.Contains(FootyHost.ReadyTag, Assert.Single(registrations, r => r.Name == name).Tags);
    }
}
