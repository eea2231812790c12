using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Serilog;

namespace Footy.Cluster.Tests;

/// <summary>The cluster settings' rules: what a node of several refuses at start, and which discovery settings cannot work.</summary>
public sealed class ClusterSettingsTests
{
    [Theory]
    [InlineData(ClusterDiscovery.Config)]
    [InlineData(ClusterDiscovery.Kubernetes)]
    public void A_node_with_discovery_refuses_to_start_on_a_sqlite_journal_or_a_filesystem_store_and_says_why(ClusterDiscovery discovery)
    {
        var options = new FootyOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "footy-never-created-" + Guid.NewGuid().ToString("N")) };
        options.Cluster.Discovery = discovery;
        options.Cluster.ContactPoints = ["node-1:8558", "node-2:8558"];

        var refused = Assert.Throws<OptionsValidationException>(() => FootyHost.Build(options, DaemonRuntime.Live(), Log.Logger));

        Assert.Contains(refused.Problems, p => p.Contains($"Cluster:Discovery {discovery}", StringComparison.Ordinal) && p.Contains("Journal:Provider is Sqlite", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Contains("Clips:StorageKind is filesystem", StringComparison.Ordinal));
        Assert.False(Directory.Exists(options.DataDirectory));
    }

    [Fact]
    public void A_lone_node_with_no_cluster_settings_is_accepted()
    {
        var options = new FootyOptions();

        options.Validate(requireApiKey: false);

        Assert.Empty(SettingsCheck.ImpossibleCombinations(options));
    }

    [Fact]
    public void Discovery_settings_that_cannot_form_a_safe_cluster_are_each_named()
    {
        var options = new FootyOptions();
        options.Cluster.Discovery = ClusterDiscovery.Config;
        options.Cluster.RequiredContactPoints = 1;
        options.Cluster.SeedNodes = ["akka.tcp://footy@node-1:8110"];
        options.Cluster.ContactPoints = ["node-1"];

        var problems = Assert.Throws<OptionsValidationException>(() => options.Validate(requireApiKey: false)).Problems;

        Assert.Contains(problems, p => p.StartsWith("Cluster:SeedNodes and Cluster:Discovery", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Cluster:RequiredContactPoints must be at least 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Cluster:ContactPoints entry 'node-1'", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_discovery_needs_at_least_the_required_number_of_contact_points()
    {
        var options = new FootyOptions();
        options.Cluster.Discovery = ClusterDiscovery.Config;
        options.Cluster.RequiredContactPoints = 3;
        options.Cluster.ContactPoints = ["node-1:8558", "node-2:8558"];

        var problems = Assert.Throws<OptionsValidationException>(() => options.Validate(requireApiKey: false)).Problems;

        Assert.Contains(problems, p => p.StartsWith("Cluster:Discovery Config needs Cluster:ContactPoints", StringComparison.Ordinal));
    }
}
