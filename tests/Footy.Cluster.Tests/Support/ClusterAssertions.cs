using Footy.Daemon.Replay;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Xunit.Abstractions;

namespace Footy.Cluster.Tests.Support;

/// <summary>What every multi-node replay must end with, whatever was done to its nodes.</summary>
public static class ClusterAssertions
{
    private const string S3rverObjectSuffix = "._S3rver_object";

    /// <summary>
    /// The one-node replay's summary exactly (fixtures, goals, and each goal's kept clips: key, size, popularity, sources),
    /// as many kept clips as the recording's plan has distinct originals, and each stored once (<see cref="StoredOnce"/>).
    /// </summary>
    public static void EndsAsOneNode(ClusterRun run, int plannedOriginals)
    {
        var cluster = Lines(run.Outcome.Summary);
        var oneNode = Lines(run.OneNode.Summary);
        Assert.True(oneNode.SequenceEqual(cluster),
            $"[{run.Name}] the cluster's summary differs from the one-node summary.\nOnly on one node:\n  {string.Join("\n  ", oneNode.Except(cluster))}" +
            $"\nOnly on the cluster:\n  {string.Join("\n  ", cluster.Except(oneNode))}\nCluster summary:\n{run.Outcome.Summary.ToJson()}");
        Assert.Equal(plannedOriginals, run.Outcome.Summary.Goals.Where(g => g.State != "cancelled").Sum(g => g.Clips.Count));
        StoredOnce(run);
    }

    /// <summary>Every kept clip stored once, and the bucket holding those objects and nothing else (no temporary or doubled object).</summary>
    public static void StoredOnce(ClusterRun run)
    {
        var keys = run.Outcome.Summary.Goals.SelectMany(g => g.Clips).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(keys, ObjectKeys(run.BucketDirectory));
    }

    /// <summary>Every node hosted goals (and, with several fixtures, fixtures) at some point, and every goal and fixture was hosted somewhere.</summary>
    public static void SpreadOverEveryNode(ClusterRun run, bool fixturesToo)
    {
        var hosted = run.Outcome.Hosted;
        Assert.All(hosted, h => Assert.True(h.Value.Goals.Count > 0, $"node {h.Key} never hosted a goal"));
        if (fixturesToo) Assert.All(hosted, h => Assert.True(h.Value.Fixtures.Count > 0, $"node {h.Key} never hosted a fixture"));
        Assert.Equal(run.Outcome.Summary.Goals.Select(g => g.Id).Order(StringComparer.Ordinal),
            hosted.Values.SelectMany(h => h.Goals).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(run.Outcome.Summary.Fixtures.Select(f => f.Id.ToString()).Order(StringComparer.Ordinal),
            hosted.Values.SelectMany(h => h.Fixtures).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The upstream saw one poller at a time and no storm. Ordered by arrival, the API requests form runs by node (the
    /// User-Agent names the node): a poller that dies or leaves hands over to one other node, so there are at most as many
    /// runs as the poller was taken down plus one, and each run's last answer ended before the next run's first request
    /// arrived. Two live pollers would interleave their nodes' requests (many runs) or overlap in time. In total the cluster
    /// made at most the one-node replay's calls plus, per hand-over, one poll's calls asked again (the poll the dead
    /// poller had under way) and <paramref name="marginPerHandOver"/> more; null when the count cannot be compared (an
    /// upstream outage opens the API circuit breaker for a stretch of real time, so how many polls it skips depends on speed).
    /// </summary>
    public static void OnePollerAtATime(ClusterRun run, int pollerTakenDown, int? marginPerHandOver, ITestOutputHelper output)
    {
        var requests = run.Outcome.Requests.OrderBy(r => r.At).ToList();
        var runs = new List<List<ServedRequest>>();
        foreach (var request in requests)
            if (runs.Count > 0 && runs[^1][0].Client == request.Client) runs[^1].Add(request);
            else runs.Add([request]);
        foreach (var r in runs)
            output.WriteLine($"[{run.Name}] {r.Count} API requests by {r[0].Client} from {r[0].At:HH:mm:ss.fff} (virtual {r[0].VirtualAt:u}) to {r[^1].AnsweredAt:HH:mm:ss.fff}");
        Assert.True(runs.Count <= pollerTakenDown + 1,
            $"{runs.Count} runs of polls by node for {pollerTakenDown} hand-overs of the poller: two pollers polled at once");
        for (var i = 1; i < runs.Count; i++)
            Assert.True(runs[i - 1].Max(r => r.AnsweredAt) <= runs[i][0].At,
                $"{runs[i][0].Client} polled at {runs[i][0].At:HH:mm:ss.fff} while {runs[i - 1][0].Client}'s request was still being answered");

        if (marginPerHandOver is not { } margin) return;
        var perPoll = requests.GroupBy(r => r.VirtualAt).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var bound = run.OneNode.ApiRequests + pollerTakenDown * (perPoll + margin);
        output.WriteLine($"[{run.Name}] API requests: {requests.Count} on the cluster, {run.OneNode.ApiRequests} on one node, bound {bound}");
        Assert.InRange(requests.Count, 1, bound);
    }

    /// <summary>One line per fixture, goal and kept clip (key, size, popularity, sources), so a difference names what differs.</summary>
    private static List<string> Lines(MatchdaySummary summary)
    {
        var (fixtures, goals) = Summaries.Normalize(summary);
        var clips = summary.Goals.SelectMany(g => g.Clips.Select(c =>
                $"clip of {g.Id}: {c.Key} {c.Width}x{c.Height} {c.Bytes} bytes, {c.Popularity} copies from {string.Join(",", c.Sources.Order(StringComparer.Ordinal))}"))
            .Order(StringComparer.Ordinal);
        return fixtures.Select(f => f.ToString()).Concat(goals.Select(g => g.ToString())).Concat(clips).ToList();
    }

    private static List<string> ObjectKeys(string bucketDirectory) =>
        Directory.Exists(bucketDirectory)
            ? Directory.EnumerateFiles(bucketDirectory, "*" + S3rverObjectSuffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(bucketDirectory, f)[..^S3rverObjectSuffix.Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];
}
