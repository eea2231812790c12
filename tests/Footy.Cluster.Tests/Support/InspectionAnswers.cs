using System.Diagnostics;
using System.Text.Json.Nodes;
using Footy.Daemon.Replay;

namespace Footy.Cluster.Tests.Support;

/// <summary>
/// What the inspection commands (<c>footy status</c>, <c>cluster show</c>, <c>fixtures</c>, <c>fixture ID</c>, <c>goals</c>,
/// <c>goals --fixture</c>, <c>goal ID</c>, <c>journal</c>, <c>runs</c>, <c>sharding region/shards/locate</c>) get from each
/// node's admin endpoint, with the fields that describe the answering node itself taken out: its address, uptime, its own
/// media queue, and in <c>sharding locate</c> the path of the actor the asking node resolved. Answers that differ are asked
/// again for a while: the nodes must agree once what each measures on its own schedule (the read model's lag) has caught up.
/// </summary>
public static class InspectionAnswers
{
    /// <summary>Per path, each node's normalised answer (JSON text).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FromEveryNodeAsync(IReadOnlyList<ReplayNodeProcess> nodes, CancellationToken ct)
    {
        using var first = new HttpClient { BaseAddress = nodes[0].AdminUrl };
        var fixtures = JsonNode.Parse(await first.GetStringAsync("/api/fixtures", ct))!.AsArray().Select(f => f!["id"]!.ToString()).ToList();
        var goals = JsonNode.Parse(await first.GetStringAsync("/api/goals", ct))!.AsArray().Select(g => g!["id"]!.ToString()).ToList();
        var paths = new List<string> { "/api/status", "/api/cluster", "/api/fixtures", "/api/goals", "/api/runs", "/api/sharding/regions/fixture", "/api/sharding/regions/goal" };
        foreach (var fixture in fixtures)
            paths.AddRange([$"/api/fixtures/{fixture}", $"/api/goals?fixture={fixture}", $"/api/sharding/locate/fixture/{fixture}", $"/api/journal/fixture-{fixture}"]);
        foreach (var goal in goals.Select(Uri.EscapeDataString))
            paths.AddRange([$"/api/goals/{goal}", $"/api/sharding/locate/goal/{goal}"]);

        var answers = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var path in paths)
        {
            // Each node reads the shared read model and measures its lag on its own schedule, so right after a replay one
            // node may still report the projection's last events as pending: the answers must agree once that has passed.
            var settling = Stopwatch.StartNew();
            var perNode = await AskEveryNodeAsync(nodes, path, ct);
            while (perNode.Distinct().Count() > 1 && settling.Elapsed < Settling)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                perNode = await AskEveryNodeAsync(nodes, path, ct);
            }
            answers[path] = perNode;
        }
        return answers;
    }

    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(30);

    private static async Task<IReadOnlyList<string>> AskEveryNodeAsync(IReadOnlyList<ReplayNodeProcess> nodes, string path, CancellationToken ct)
    {
        var perNode = new List<string>();
        foreach (var node in nodes)
        {
            using var http = new HttpClient { BaseAddress = node.AdminUrl };
            using var response = await http.GetAsync(path, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            perNode.Add($"{(int)response.StatusCode} {Normalise(body)}");
        }
        return perNode;
    }

    private static string Normalise(string body)
    {
        var json = JsonNode.Parse(body);
        if (json is JsonObject o)
            foreach (var field in new[] { "node", "memberStatus", "uptimeSeconds", "mediaQueueDepth", "selfAddress", "runningActor" })
                o.Remove(field);
        return json?.ToJsonString() ?? "";
    }
}
