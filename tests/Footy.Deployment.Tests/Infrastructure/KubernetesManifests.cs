namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>
/// Every object of deploy/kubernetes/*.yaml (what <c>kubectl apply -f deploy/kubernetes/</c> applies), and the example
/// Secret beside them that stands for the operator's.
/// </summary>
public sealed class KubernetesManifests
{
    /// <summary>What the downward API gives a pod; the value the check runs with.</summary>
    private static readonly Dictionary<string, string> FieldValues = new(StringComparer.Ordinal)
    {
        ["status.podIP"] = "10.42.0.7",
        ["metadata.name"] = "footy-6d8f7c9b5-x2x7q",
        ["metadata.namespace"] = "footy",
    };

    private KubernetesManifests(IReadOnlyList<Dictionary<object, object>> objects, Dictionary<object, object> exampleSecret)
    {
        Objects = objects;
        ExampleSecret = exampleSecret;
    }

    public IReadOnlyList<Dictionary<object, object>> Objects { get; }

    public Dictionary<object, object> ExampleSecret { get; }

    public static KubernetesManifests Load()
    {
        var objects = Directory.GetFiles(Repository.PathOf("deploy/kubernetes"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Yaml.Documents(File.ReadAllText(file)))
            .ToList();
        var secret = Yaml.Documents(Repository.Read("deploy/kubernetes/example-secret/footy-secrets.yaml")).Single();
        return new KubernetesManifests(objects, secret);
    }

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) => Objects.Where(o => o.Text("kind") == kind);

    public Dictionary<object, object> Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => o.At("metadata")?.Text("name") == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/kubernetes has no {kind} {name}");

    /// <summary>The workloads that run pods: Deployments and StatefulSets.</summary>
    public IEnumerable<Dictionary<object, object>> Workloads => Objects.Where(o => o.Text("kind") is "Deployment" or "StatefulSet");

    public static Dictionary<object, object> PodSpec(Dictionary<object, object> workload) =>
        workload.At("spec", "template", "spec") ?? throw new Xunit.Sdk.XunitException("workload without spec.template.spec");

    public static IReadOnlyDictionary<object, object> PodLabels(Dictionary<object, object> workload) =>
        workload.At("spec", "template", "metadata", "labels") ?? [];

    public static IEnumerable<Dictionary<object, object>> Containers(Dictionary<object, object> workload) => PodSpec(workload).List("containers").Maps();

    /// <summary>
    /// A container's environment as the pod would see it: literal values, secretKeyRef read from the example Secret
    /// (a key it lacks fails), fieldRef from the downward API.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(Dictionary<object, object> container)
    {
        var secretName = ExampleSecret.At("metadata")!.Text("name");
        var secretData = ExampleSecret.Map("stringData") ?? [];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.List("env").Maps())
        {
            var name = variable.Text("name")!;
            if (variable.Text("value") is { } value)
            {
                environment[name] = value;
            }
            else if (variable.At("valueFrom", "secretKeyRef") is { } secretRef)
            {
                Assert.True(secretRef.Text("name") == secretName, $"{name} reads Secret {secretRef.Text("name")}, but the example Secret is {secretName}");
                var key = secretRef.Text("key")!;
                Assert.True(secretData.ContainsKey(key), $"{name} reads key '{key}' of Secret {secretName}, which the example Secret does not have");
                environment[name] = (string)secretData[key];
            }
            else if (variable.At("valueFrom", "fieldRef") is { } fieldRef)
            {
                var path = fieldRef.Text("fieldPath")!;
                Assert.True(FieldValues.ContainsKey(path), $"{name} reads field {path}, unknown to this test");
                environment[name] = FieldValues[path];
            }
            else
            {
                throw new Xunit.Sdk.XunitException($"{name}: neither value, secretKeyRef nor fieldRef");
            }
        }
        return environment;
    }
}
