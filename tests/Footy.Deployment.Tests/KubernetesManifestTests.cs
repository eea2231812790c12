using Footy.Deployment.Tests.Infrastructure;

namespace Footy.Deployment.Tests;

/// <summary>deploy/kubernetes checked as the API server and an operator would: discovery, RBAC, probes, shutdown, rollouts.</summary>
public sealed class KubernetesManifestTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    private Dictionary<object, object> Workload => Assert.Single(_manifests.Workloads);

    private Dictionary<object, object> Container => Assert.Single(KubernetesManifests.Containers(Workload));

    private IReadOnlyDictionary<string, string> Environment => _manifests.Environment(Container);

    [Fact]
    public void The_manifests_name_no_namespace()
    {
        foreach (var o in _manifests.Objects)
            Assert.True(o.At("metadata")?.Text("namespace") is null, $"{o.Text("kind")} {o.At("metadata")?.Text("name")} names a namespace");
        foreach (var subject in _manifests.OfKind("RoleBinding").SelectMany(b => b.List("subjects").Maps()))
            Assert.Null(subject.Text("namespace"));
    }

    [Fact]
    public void Kubernetes_api_discovery_finds_the_pods_and_may_list_them()
    {
        Assert.Equal("Kubernetes", Environment["FOOTY_Cluster__Discovery"]);
        var selector = string.Format(Environment["FOOTY_Cluster__KubernetesPodLabelSelector"], Environment["FOOTY_Cluster__ServiceName"]).Split('=');
        Assert.Equal(selector[1], KubernetesManifests.PodLabels(Workload)[selector[0]]);
        Assert.Equal("status.podIP", Container.List("env").Maps().Single(e => e.Text("name") == "FOOTY_Cluster__Hostname").At("valueFrom", "fieldRef")!.Text("fieldPath"));
        Assert.True(int.Parse(Environment["FOOTY_Cluster__RequiredContactPoints"]) > Replicas / 2, "fewer required contact points than a majority");
        Assert.Contains(Ports(), p => p.Text("containerPort") == Environment["FOOTY_Cluster__ManagementPort"]);

        var account = KubernetesManifests.PodSpec(Workload).Text("serviceAccountName")!;
        _manifests.Single("ServiceAccount", account);
        var binding = Assert.Single(_manifests.OfKind("RoleBinding"), b => b.List("subjects").Maps().Any(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account));
        var role = _manifests.Single("Role", binding.Map("roleRef")!.Text("name")!);
        Assert.Contains(role.List("rules").Maps(), rule =>
            rule.List("resources")!.Contains("pods") && rule.List("verbs")!.Contains("list") && rule.List("apiGroups")!.Contains(""));
    }

    [Fact]
    public void Probes_ask_the_admin_endpoint_health_and_readiness()
    {
        var adminPort = Environment["FOOTY_Admin__Port"];
        Assert.Equal("admin", Ports().Single(p => p.Text("containerPort") == adminPort).Text("name"));
        foreach (var probe in new[] { "livenessProbe", "startupProbe" })
        {
            var get = Container.At(probe, "httpGet")!;
            Assert.Equal("/healthz", get.Text("path"));
            Assert.Equal("admin", get.Text("port"));
        }
        // /readyz needs the bearer token, which an httpGet probe cannot take from a Secret.
        var readiness = string.Join(" ", Container.At("readinessProbe", "exec")!.List("command")!.Cast<string>());
        Assert.Contains($"http://127.0.0.1:{adminPort}/readyz", readiness, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer $FOOTY_Admin__Token", readiness, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopping_pod_leaves_the_cluster_first_and_has_time_to_hand_over()
    {
        Assert.Equal(["footy", "cluster", "leave"], Container.At("lifecycle", "preStop", "exec")!.List("command")!.Cast<string>());
        Assert.True(int.Parse(KubernetesManifests.PodSpec(Workload).Text("terminationGracePeriodSeconds")!) >= 60);
    }

    [Fact]
    public void Rolling_updates_and_disruptions_never_take_the_cluster_below_a_majority()
    {
        var rolling = Workload.At("spec", "strategy", "rollingUpdate") ?? Workload.At("spec", "updateStrategy", "rollingUpdate")!;
        var unavailable = int.Parse(rolling.Text("maxUnavailable") ?? "1");
        Assert.True(Replicas - unavailable > Replicas / 2, $"{Replicas} replicas with maxUnavailable {unavailable} leave no majority");
        var budget = Assert.Single(_manifests.OfKind("PodDisruptionBudget"));
        Assert.True(int.Parse(budget.At("spec")!.Text("minAvailable")!) > Replicas / 2);
        Assert.True(Selects(budget.At("spec", "selector", "matchLabels")!), "the PodDisruptionBudget selects other pods");
    }

    [Fact]
    public void Services_reach_the_goals_page_and_the_admin_endpoint_by_named_ports()
    {
        var named = Ports().Select(p => p.Text("name")).ToHashSet();
        foreach (var (service, port) in new[] { ("footy-web", "web"), ("footy-admin", "admin") })
        {
            var spec = _manifests.Single("Service", service).Map("spec")!;
            Assert.True(Selects(spec.Map("selector")!), $"Service {service} selects other pods");
            Assert.Contains(spec.List("ports").Maps(), p => p.Text("targetPort") == port && named.Contains(port));
        }
        Assert.Equal(Environment["FOOTY_Web__Port"], Ports().Single(p => p.Text("name") == "web").Text("containerPort"));
    }

    [Fact]
    public void The_pod_runs_without_root_and_keeps_secrets_in_the_secret()
    {
        var security = KubernetesManifests.PodSpec(Workload).Map("securityContext")!;
        Assert.Equal("true", security.Text("runAsNonRoot"));
        Assert.Equal("false", Container.Map("securityContext")!.Text("allowPrivilegeEscalation"));
        foreach (var variable in Container.List("env").Maps().Where(v => v.Text("name")!.EndsWith("Token") || v.Text("name")!.EndsWith("Key") || v.Text("name")!.EndsWith("ConnectionString")))
            Assert.True(variable.At("valueFrom", "secretKeyRef") is not null, $"{variable.Text("name")} is written in the manifest instead of read from the Secret");
    }

    private int Replicas => int.Parse(Workload.At("spec")!.Text("replicas")!);

    private IEnumerable<Dictionary<object, object>> Ports() => Container.List("ports").Maps();

    private bool Selects(Dictionary<object, object> selector) =>
        selector.All(kv => KubernetesManifests.PodLabels(Workload).TryGetValue(kv.Key, out var value) && Equals(value, kv.Value));
}
