using System.Text.RegularExpressions;
using Footy.Deployment.Tests.Infrastructure;

namespace Footy.Deployment.Tests;

/// <summary>
/// docker-compose.yml checked as <c>docker compose config</c> and an operator would, without a Docker engine: what each
/// service needs, in what order it starts, and that no secret is written in the file.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] SecretSuffixes = ["ApiKey", "Token", "Password", "SecretKey", "AccessKey", "ConnectionString"];

    private readonly ComposeFile _compose = ComposeFiles.Filled();

    [Fact]
    public void Three_daemon_nodes_run_beside_postgres_minio_and_the_bucket_init()
    {
        Assert.Equal(["footy-1", "footy-2", "footy-3"], _compose.FootyNodes.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "postgres", "minio", "minio-init" }) Assert.NotNull(_compose.Service(name).Text("image"));
        var init = string.Join("\n", _compose.Service("minio-init").List("entrypoint")!.Cast<string>());
        var bucket = _compose.Environment("footy-1")["FOOTY_Clips__S3Bucket"];
        Assert.Contains($"mc mb --ignore-existing local/{bucket}", init, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_dependency_names_a_service_and_waits_for_its_condition()
    {
        foreach (var name in _compose.Services.Keys.Cast<string>())
        {
            if (!_compose.Service(name).TryGetValue("depends_on", out var dependsOn)) continue;
            var conditions = Assert.IsType<Dictionary<object, object>>(dependsOn);
            foreach (var (dependency, spec) in conditions)
            {
                var target = _compose.Service((string)dependency);
                var condition = ((Dictionary<object, object>)spec).Text("condition");
                Assert.True(condition is "service_healthy" or "service_completed_successfully", $"{name} -> {dependency}: condition {condition}");
                if (condition == "service_healthy") Assert.True(target.Map("healthcheck") is not null, $"{name} waits for {dependency} to be healthy, which has no healthcheck");
                if (condition == "service_completed_successfully") Assert.Equal("no", target.Text("restart"));
            }
        }
        foreach (var node in _compose.FootyNodes)
        {
            var dependsOn = _compose.Service(node).Map("depends_on")!;
            Assert.Equal("service_healthy", dependsOn.Map("postgres")?.Text("condition"));
            Assert.Equal("service_completed_successfully", dependsOn.Map("minio-init")?.Text("condition"));
        }
    }

    [Fact]
    public void Each_node_restarts_checks_its_health_on_the_admin_endpoint_and_has_time_to_leave_gracefully()
    {
        foreach (var node in _compose.FootyNodes)
        {
            var service = _compose.Service(node);
            var environment = _compose.Environment(node);
            Assert.Equal("unless-stopped", service.Text("restart"));
            var test = string.Join(" ", service.Map("healthcheck")!.List("test")!.Cast<string>());
            Assert.Matches($@"http://127\.0\.0\.1:{environment["FOOTY_Admin__Port"]}/(readyz|healthz)", test);
            // /readyz needs the token; $$ in the file keeps the variable for the container's shell.
            if (test.Contains("/readyz", StringComparison.Ordinal)) Assert.Contains("Authorization: Bearer ${FOOTY_Admin__Token}", test, StringComparison.Ordinal);
            Assert.True(Seconds(service.Text("stop_grace_period")!) >= 60, $"{node}: stop_grace_period {service.Text("stop_grace_period")} is too short for a graceful leave");
            Assert.True(Seconds(service.Map("healthcheck")!.Text("start_period")!) >= 60, $"{node}: the health check starts before a cluster can form");
        }
    }

    [Fact]
    public void The_nodes_form_one_cluster_by_config_discovery_over_every_node()
    {
        var nodes = _compose.FootyNodes;
        foreach (var node in nodes)
        {
            var environment = _compose.Environment(node);
            Assert.Equal("Config", environment["FOOTY_Cluster__Discovery"]);
            Assert.Equal(node, environment["FOOTY_Cluster__Hostname"]);
            Assert.Equal(node, _compose.Service(node).Text("hostname"));
            var contactPoints = environment.Where(kv => kv.Key.StartsWith("FOOTY_Cluster__ContactPoints__", StringComparison.Ordinal)).Select(kv => kv.Value);
            Assert.Equal(nodes.Select(n => $"{n}:{environment["FOOTY_Cluster__ManagementPort"]}").Order(), contactPoints.Order());
            Assert.True(int.Parse(environment["FOOTY_Cluster__RequiredContactPoints"]) > nodes.Count / 2,
                "fewer required contact points than a majority lets two groups of nodes each form a cluster");
            Assert.Equal("PostgreSql", environment["FOOTY_Journal__Provider"]);
            Assert.Equal("s3", environment["FOOTY_Clips__StorageKind"]);
        }
    }

    [Fact]
    public void Secrets_come_from_the_env_file_and_every_variable_is_in_the_example()
    {
        var example = ComposeFiles.Example();
        var raw = ComposeFile.Load(example.ToDictionary(kv => kv.Key, kv => "${" + kv.Key + "}"));
        foreach (var interpolation in _compose.Interpolations)
        {
            Assert.True(example.ContainsKey(interpolation.Variable), $"{interpolation.Where} uses ${{{interpolation.Variable}}}, which .env.example does not declare");
            Assert.True(interpolation.Operator == ":?", $"{interpolation.Where}: ${{{interpolation.Variable}}} must be required (:?) so compose refuses to start without it");
        }
        Assert.All(example, kv => Assert.True(kv.Value.Length == 0, $".env.example gives {kv.Key} a value: a committed secret"));
        foreach (var node in raw.FootyNodes)
            foreach (var (key, value) in raw.Environment(node).Where(kv => SecretSuffixes.Any(kv.Key.EndsWith)))
                Assert.True(value.Contains("${", StringComparison.Ordinal), $"{node}: {key} is written in docker-compose.yml instead of coming from .env");
        Assert.Contains(".env", Repository.Read(".gitignore").Split('\n').Select(l => l.Trim()));
        Assert.Contains(".env", Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void The_admin_endpoint_is_reachable_with_a_token_and_the_goals_page_is_published()
    {
        var hostPorts = new List<string>();
        foreach (var node in _compose.FootyNodes)
        {
            var environment = _compose.Environment(node);
            Assert.Equal("0.0.0.0", environment["FOOTY_Admin__Address"]);
            Assert.NotEmpty(environment["FOOTY_Admin__Token"]);
            var ports = _compose.Service(node).List("ports")!.Cast<string>().Select(Port.Parse).ToList();
            var admin = Assert.Single(ports, p => p.Container == environment["FOOTY_Admin__Port"]);
            Assert.Equal("127.0.0.1", admin.HostAddress);
            Assert.Single(ports, p => p.Container == environment["FOOTY_Web__Port"] && p.HostAddress is null);
            hostPorts.AddRange(ports.Select(p => $"{p.HostAddress}:{p.Host}"));
        }
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    private static int Seconds(string duration) =>
        Regex.Match(duration, @"^(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$") is { Success: true } m
            ? (m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value) * 60 : 0) + (m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value) : 0)
            : throw new Xunit.Sdk.XunitException($"'{duration}' is not a compose duration this test reads");

    /// <summary>A short-syntax port: [host address:]host port:container port.</summary>
    private sealed record Port(string? HostAddress, string Host, string Container)
    {
        public static Port Parse(string text)
        {
            var parts = text.Split(':');
            return parts.Length == 3 ? new Port(parts[0], parts[1], parts[2]) : new Port(null, parts[0], parts[1]);
        }
    }
}
