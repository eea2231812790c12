using System.Collections.Immutable;
using System.Diagnostics;
using Footy.Daemon.Configuration;
using Footy.Daemon.Telemetry;
using Footy.Discovery;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Media;
using Footy.Storage;
using Microsoft.Extensions.Logging;
using static Footy.Daemon.Clips.ClipEvents;

namespace Footy.Daemon.Clips;

/// <summary>Everything one search attempt for one goal needs, handed over from the goal actor (immutable).</summary>
public sealed record AttemptRequest(GoalId Goal, FixtureId Fixture, GoalFacts Facts, ClipHunt Hunt, int Attempt, DateTimeOffset At);

/// <summary>
/// One search attempt for a goal, run outside the goal actor: search every source for new posts, put their clips
/// through the node's media pipeline, cluster the survivors with the goal's kept clips, store what the clustering
/// keeps, and return the events that record it all. It changes nothing the goal has not yet persisted except the
/// store's objects, whose keys derive from their bytes, so running an attempt again after a crash stores nothing twice.
/// </summary>
public sealed class ClipHuntAttempt(
    IReadOnlyList<IClipSource> sources, ClipPipeline pipeline, ClipsOptions options, ILogger<ClipHuntAttempt> logger)
{
    public async Task<IReadOnlyList<IClipEvent>> RunAsync(AttemptRequest request, CancellationToken ct)
    {
        var searching = Stopwatch.StartNew();
        var (search, found, failures) = await SearchAsync(request, ct);
        var events = new List<IClipEvent>
        {
            new ClipSearchAttempted(request.At, request.Attempt, found.Select(p => p.PostId).ToList(), failures, Timed("search", searching)),
        };
        var posts = new List<DiscoveredClip>();
        foreach (var post in found)
        {
            if (PostRelevance.RejectionReason(search, post.Text) is { } reason) events.Add(Rejected(request, post.PostId, reason, null));
            else posts.Add(post);
        }

        var outcomes = await Task.WhenAll(posts.Select(async p =>
        {
            var processing = Stopwatch.StartNew();
            var outcome = await pipeline.ProcessAsync(p, ct);
            return (Outcome: outcome, Seconds: Timed("process", processing));
        }));
        try
        {
            var deferred = outcomes.Select(o => o.Outcome).Where(o => o.WaitedForDisk > TimeSpan.Zero).ToList();
            if (deferred.Count > 0)
                events.Add(new ClipDownloadsDeferred(request.At, request.Attempt, deferred.Count, deferred.Max(o => o.WaitedForDisk).TotalSeconds));
            foreach (var (rejected, seconds) in outcomes.Where(o => o.Outcome.Rejection is not null))
                events.Add(Rejected(request, rejected.Post.PostId, rejected.Rejection!, seconds));
            var accepted = outcomes.Where(o => o.Outcome.Candidate is not null).ToList();
            if (accepted.Count > 0)
                events.AddRange(await KeepBestAsync(request, accepted.Select(a => a.Outcome).ToList(),
                    accepted.ToDictionary(a => a.Outcome.Candidate!.Id, a => a.Seconds, StringComparer.Ordinal), ct));
        }
        finally
        {
            foreach (var file in outcomes.Select(o => o.Outcome.LocalFile).OfType<string>()) TryDelete(file);
        }
        foreach (var outcome in events.Select(Outcome).OfType<string>())
            FootyTelemetry.ClipOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        return events;
    }

    /// <summary>Seconds since <paramref name="watch"/> started, also recorded as the stage's latency for /metrics.</summary>
    private static double Timed(string stage, Stopwatch watch)
    {
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
        FootyTelemetry.StageSeconds.Record(seconds, new KeyValuePair<string, object?>("stage", stage));
        return seconds;
    }

    private ClipRejected Rejected(AttemptRequest request, string postId, string reason, double? seconds)
    {
        logger.LogInformation("Goal {GoalId} attempt {Attempt}: post {PostId} rejected: {Reason}", request.Goal, request.Attempt, postId, reason);
        return new ClipRejected(request.At, postId, reason, seconds);
    }

    private static string? Outcome(IClipEvent e) => e switch
    {
        ClipRejected => "rejected",
        ClipStored => "stored",
        ClipReplaced => "replaced",
        ClipMerged => "merged",
        _ => null,
    };

    private async Task<(GoalSearchRequest Search, IReadOnlyList<DiscoveredClip> Posts, IReadOnlyList<string> Failures)> SearchAsync(AttemptRequest request, CancellationToken ct)
    {
        var facts = request.Facts;
        var hunt = request.Hunt;
        var search = new GoalSearchRequest(request.Goal.Value, request.Fixture.Value, hunt.HomeTeam, hunt.AwayTeam, facts.TeamName,
            facts.PlayerName ?? "", facts.Minute, facts.Extra, facts.HomeScoreAfter, facts.AwayScoreAfter, hunt.Since);
        var results = await Task.WhenAll(sources.Select(s => s.SearchAsync(search, hunt.SeenPosts, ct)));
        var failures = results.Zip(sources, (result, source) => (result, source))
            .Where(r => !r.result.Succeeded)
            .Select(r => $"{r.source.Name}: {r.result.Failure}")
            .ToList();
        foreach (var failure in failures)
            logger.LogWarning("Goal {GoalId} clip search attempt {Attempt}: source failed: {Failure}", request.Goal, request.Attempt, failure);
        var posts = results.SelectMany(r => r.Clips)
            .Where(p => !hunt.SeenPosts.Contains(p.PostId))
            .GroupBy(p => p.PostId, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(p => p.PostedAt).ThenBy(p => p.PostId, StringComparer.Ordinal)
            .Take(options.MaxCandidatesPerAttempt)
            .ToList();
        return (search, posts, failures);
    }

    /// <summary>Clusters the new copies with the kept clips and stores what wins; each event carries its clips' processing (and upload) time.</summary>
    private async Task<IReadOnlyList<IClipEvent>> KeepBestAsync(
        AttemptRequest request, IReadOnlyList<CandidateOutcome> accepted, IReadOnlyDictionary<string, double> processingSeconds, CancellationToken ct)
    {
        var kept = request.Hunt.Clips.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var files = accepted.ToDictionary(a => a.Candidate!.Id, a => a.LocalFile!, StringComparer.Ordinal);
        var clustering = ClipClustering.Cluster(
            accepted.Select(a => a.Candidate!).ToList(),
            kept.Values.Select(c => new StoredClip(c.Key, c.Probe, c.Fingerprint, c.Md5, c.Popularity)).ToList());

        var events = new List<IClipEvent>();
        var clipsKept = kept.Count;
        foreach (var cluster in clustering.Clusters.Where(c => c.HasNewCopies))
        {
            var sources = cluster.CandidateIds
                .Concat(cluster.StoredKeys.SelectMany(k => kept[k].Sources))
                .ToImmutableSortedSet(StringComparer.Ordinal);
            switch (cluster.Action)
            {
                case ClusterAction.StoreNew store when clipsKept >= options.MaxClipsPerGoal:
                    events.AddRange(cluster.CandidateIds.Select(id => Rejected(request, id,
                        $"goal already has {options.MaxClipsPerGoal} distinct clips", processingSeconds[id])));
                    break;
                case ClusterAction.StoreNew store:
                {
                    var key = ClipKey.Create(request.Fixture, request.Goal, store.Clip.Md5);
                    var clip = new KeptClip(key.Value, store.Clip.Probe, store.Clip.Fingerprint, store.Clip.Md5, cluster.Popularity, sources);
                    var uploading = Stopwatch.StartNew();
                    events.AddRange(Retries(request, await pipeline.UploadAsync(key, files[store.Clip.Id], Metadata(request, clip), clip.Md5, ct)));
                    events.Add(new ClipStored(request.At, clip, processingSeconds[store.Clip.Id] + Timed("upload", uploading)));
                    clipsKept++;
                    break;
                }
                case ClusterAction.ReplaceStored replace:
                {
                    var key = ClipKey.Parse(replace.StoredKey);
                    var clip = new KeptClip(key.Value, replace.Clip.Probe, replace.Clip.Fingerprint, replace.Clip.Md5, cluster.Popularity, sources);
                    var uploading = Stopwatch.StartNew();
                    events.AddRange(Retries(request, await pipeline.UploadAsync(key, files[replace.Clip.Id], Metadata(request, clip), clip.Md5, ct)));
                    events.Add(new ClipReplaced(request.At, clip, processingSeconds[replace.Clip.Id] + Timed("upload", uploading)));
                    break;
                }
                case ClusterAction.KeepStored keep:
                {
                    // The stored metadata follows the journal: popularity and sources grew.
                    var clip = kept[keep.StoredKey] with { Popularity = cluster.Popularity, Sources = sources };
                    events.AddRange(Retries(request, await pipeline.UpdateMetadataAsync(ClipKey.Parse(clip.Key), Metadata(request, clip), ct)));
                    events.Add(new ClipMerged(request.At, keep.StoredKey, cluster.Popularity, sources.ToList(),
                        cluster.CandidateIds.Max(id => processingSeconds[id])));
                    break;
                }
            }
            foreach (var redundant in cluster.RedundantStoredKeys)
            {
                events.AddRange(Retries(request, await pipeline.DeleteAsync(ClipKey.Parse(redundant), ct)));
                events.Add(new ClipRemoved(request.At, redundant));
                clipsKept--;
            }
        }
        return events;
    }

    private static IEnumerable<IClipEvent> Retries(AttemptRequest request, StoreReceipt receipt) =>
        receipt.UnavailableFailures == 0
            ? []
            : [new ClipStorageRetried(request.At, receipt.Key.Value, receipt.Operation, receipt.UnavailableFailures, receipt.LastFailure ?? "", receipt.Waited.TotalSeconds)];

    private static ClipMetadata Metadata(AttemptRequest request, KeptClip clip) => new(
        request.Goal.Value, request.Fixture.Value, request.Facts.PlayerName ?? "", request.Facts.TeamName, clip.Sources.ToList(),
        clip.Probe.DurationSeconds, clip.Probe.Width, clip.Probe.Height, clip.Probe.BitRate, clip.Popularity);

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException e)
        {
            logger.LogWarning("Temporary clip {File} not deleted: {Error}", file, e.Message);
        }
    }
}
