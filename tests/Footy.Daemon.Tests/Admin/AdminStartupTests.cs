using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Daemon.Tests.Admin;

/// <summary>How the admin endpoint starts and how a node leaves: each with a daemon of its own.</summary>
public sealed class AdminStartupTests
{
    [Fact]
    public async Task Binding_the_admin_endpoint_beyond_loopback_without_a_token_is_refused_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-admin-open-" + Guid.NewGuid().ToString("N")[..10]);
        await using var daemon = RecordingDaemon.Start(data, Summaries.Recording("saturday-overlap"), token: "", ("FOOTY_Admin__Address", "0.0.0.0"));
        await daemon.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, daemon.ExitCode);
        Assert.Contains("Admin:Token is required when the admin endpoint listens on 0.0.0.0", daemon.Stderr);
        Assert.False(File.Exists(Path.Combine(data, "admin.endpoint")));
    }

    [Fact]
    public async Task Cluster_leave_makes_the_node_leave_and_the_daemon_stop_cleanly()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-admin-leave-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var daemon = RecordingDaemon.Start(data, Summaries.Recording("saturday-overlap"), RecordingDaemon.Token);
            await RecordingDaemon.WaitUntilPlayedAsync(daemon, data);

            var leave = await FootyProcess.RunAsync(["cluster", "leave"], new Dictionary<string, string>
            {
                ["FOOTY_DataDirectory"] = data, ["FOOTY_Admin__Token"] = RecordingDaemon.Token,
            });
            Assert.True(leave.ExitCode == 0, leave.Stderr);
            Assert.StartsWith("leave: akka.tcp://footy@", leave.Stdout);

            await daemon.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.True(daemon.ExitCode == 0, daemon.Stderr);
            Assert.False(File.Exists(Path.Combine(data, "admin.endpoint")), "the endpoint file goes with the endpoint");
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
