using Footy.Deployment.Tests.Infrastructure;

namespace Footy.Deployment.Tests;

/// <summary>
/// Every FOOTY_ variable a deployment sets is a real setting and the whole environment passes `footy config check --live`,
/// so docker-compose.yml, the Kubernetes manifests and the Raspberry Pi files cannot drift from the code.
/// </summary>
public sealed class SettingsDriftTests
{
    public static TheoryData<string> ComposeNodes() => [.. ComposeFiles.Filled().FootyNodes];

    public static TheoryData<string> KubernetesContainers() =>
    [
        .. KubernetesManifests.Load().Workloads.SelectMany(w =>
            KubernetesManifests.Containers(w).Select(c => $"{w.Text("kind")}/{w.At("metadata")!.Text("name")}/{c.Text("name")}")),
    ];

    [Theory]
    [MemberData(nameof(ComposeNodes))]
    public async Task A_compose_node_environment_passes_config_check(string service)
    {
        var environment = new Dictionary<string, string>(Dockerfile.Load().FootyEnvironment());
        foreach (var (key, value) in ComposeFiles.Filled().Environment(service)) environment[key] = value;

        var outcome = await ConfigCheck.RunAsync(environment);

        Assert.True(outcome.ExitCode == 0, outcome.Explain($"docker-compose.yml service {service}"));
    }

    [Theory]
    [MemberData(nameof(KubernetesContainers))]
    public async Task A_kubernetes_container_environment_passes_config_check(string container)
    {
        var manifests = KubernetesManifests.Load();
        var parts = container.Split('/');
        var workload = manifests.Single(parts[0], parts[1]);
        var environment = new Dictionary<string, string>(Dockerfile.Load().FootyEnvironment());
        foreach (var (key, value) in manifests.Environment(KubernetesManifests.Containers(workload).Single(c => c.Text("name") == parts[2])))
            environment[key] = value;

        var outcome = await ConfigCheck.RunAsync(environment);

        Assert.True(outcome.ExitCode == 0, outcome.Explain($"deploy/kubernetes {container}"));
    }

    [Fact]
    public async Task The_raspberry_pi_service_environment_and_configuration_pass_config_check()
    {
        var unit = SystemdUnit.Load();
        var environment = EnvFile.FilledIn(EnvFile.Read(Repository.Read("deploy/footy.env.example")));
        foreach (var (key, value) in unit.Environment()) environment[key] = value;

        var outcome = await ConfigCheck.RunAsync(environment, Repository.PathOf(SystemdUnit.RepositoryFileOf(unit.ConfigFile)));

        Assert.True(outcome.ExitCode == 0, outcome.Explain("deploy/footy.service with deploy/footy.env.example"));
    }

    /// <summary>The check itself tells a misspelt variable apart, or the tests above would prove nothing.</summary>
    [Fact]
    public async Task A_misspelt_variable_is_reported_as_no_setting()
    {
        var environment = new Dictionary<string, string>(Dockerfile.Load().FootyEnvironment()) { ["FOOTY_Admin__Tokn"] = "x" };

        var outcome = await ConfigCheck.RunAsync(environment);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(["Admin:Tokn is not a setting; did you mean Admin:Token?"], outcome.UnknownKeys);
    }
}
