using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Supervision;
using Footy.Daemon.Configuration;
using Footy.Discovery;
using Footy.Media;
using Footy.Storage;
using Microsoft.Extensions.Logging;

namespace Footy.Daemon.Clips;

/// <summary>A post's clip after the pipeline: downloaded, probed, accepted by the filters and fingerprinted, or rejected with a reason.</summary>
public sealed record CandidateOutcome(DiscoveredClip Post, string? LocalFile, CandidateClip? Candidate, string? Rejection)
{
    /// <summary>How long the download waited for free disk space (<see cref="DiskSpaceGate"/>).</summary>
    public TimeSpan WaitedForDisk { get; init; }

    public static CandidateOutcome Rejected(DiscoveredClip post, string reason, string? localFile = null) => new(post, localFile, null, reason);
}

/// <summary>A write to the store that went through, and what it took: tries that found the store unavailable, and for how long.</summary>
public sealed record StoreReceipt(ClipKey Key, string Operation, int UnavailableFailures, string? LastFailure, TimeSpan Waited);

/// <summary>
/// The node's media pipeline, shared by all goals: Akka.Streams stages for downloading (bounded by
/// DownloadParallelism), probing + hashing (HashParallelism, at most the cores) and uploading (UploadParallelism).
/// Work enters through bounded channels: when the node is busy a goal waits to hand in its clips, so work and
/// memory never pile up. Every stage turns its failures into a rejection of that one clip, so one bad clip never
/// fails the stream; the supervision decider resumes on anything unexpected all the same.
/// <para>
/// Two waits keep a bad day from losing clips: no download starts while the data directory's disk is below its
/// free-space floor (<see cref="DiskSpaceGate"/>), and an upload that finds the store unavailable (after the store's own
/// retries) waits for it with backoff, up to <see cref="ClipsOptions.StorageOutageWait"/>, holding its slot so the
/// queues behind it fill and the goals wait instead of piling up work.
/// </para>
/// </summary>
public sealed class ClipPipeline : IAsyncDisposable
{
    private readonly Channel<CandidateJob> _candidates;
    private readonly Channel<UploadJob> _uploads;
    private readonly IClipDownloader _downloader;
    private readonly ClipProber _prober;
    private readonly Footy.Media.ClipFilter _filter;
    private readonly VideoFingerprinter _fingerprinter;
    private readonly IClipStore _store;
    private readonly TempFiles _temp;
    private readonly ILogger<ClipPipeline> _logger;
    private readonly DiskSpaceGate _disk;
    private readonly ClipsOptions _options;
    private readonly Task _candidatesDone;
    private readonly Task _uploadsDone;
    private readonly Task _systemTerminated;

    public ClipPipeline(
        ActorSystem system, ClipsOptions options, IClipDownloader downloader, ClipProber prober, Footy.Media.ClipFilter filter,
        VideoFingerprinter fingerprinter, IClipStore store, TempFiles temp, ILogger<ClipPipeline> logger)
    {
        _downloader = downloader;
        _prober = prober;
        _filter = filter;
        _fingerprinter = fingerprinter;
        _store = store;
        _temp = temp;
        _logger = logger;
        _options = options;
        _disk = new DiskSpaceGate(temp.Root, options, logger);
        _candidates = Channel.CreateBounded<CandidateJob>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _uploads = Channel.CreateBounded<UploadJob>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

        var materializer = system.Materializer(ActorMaterializerSettings.Create(system)
            .WithSupervisionStrategy(e =>
            {
                logger.LogError(e, "Clip pipeline stage failed unexpectedly; the element is dropped and the stream goes on");
                return Akka.Streams.Supervision.Directive.Resume;
            }), "clip-pipeline");

        _candidatesDone = ChannelSource.FromReader(_candidates.Reader)
            .SelectAsyncUnordered(options.DownloadParallelism, DownloadAsync)
            .SelectAsyncUnordered(options.HashParallelism, AnalyseAsync)
            .RunForeach(job => job.Result.TrySetResult(job.Outcome!), materializer);
        _uploadsDone = ChannelSource.FromReader(_uploads.Reader)
            .SelectAsyncUnordered(options.UploadParallelism, UploadAsync)
            .RunWith(Sink.Ignore<NotUsed>(), materializer);

        // The streams run on the actor system: they are drained while it still runs, within the phase's timeout. Once it
        // has terminated they never complete, so nothing waits for them after that.
        _systemTerminated = system.WhenTerminated;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "drain-clip-pipeline", async () =>
        {
            await DrainAsync();
            return Done.Instance;
        });
    }

    public int QueuedCandidates => _candidates.Reader.Count;

    /// <summary>Clips being downloaded, hashed or uploaded (or queued for it) on this node right now.</summary>
    public int ClipsInFlight => Volatile.Read(ref _inFlight);

    private int _inFlight;

    /// <summary>Downloads, probes, filters and fingerprints one post's clip; waits for room in the queue first.</summary>
    public async Task<CandidateOutcome> ProcessAsync(DiscoveredClip post, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var job = new CandidateJob(post, ct);
            await _candidates.Writer.WriteAsync(job, ct);
            return await job.Result.Task.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Stores one clip (atomically, replacing what the key held); skips the upload when the store already has these exact bytes.</summary>
    public async Task<StoreReceipt> UploadAsync(ClipKey key, string localFile, ClipMetadata metadata, string md5, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var job = new UploadJob(key, localFile, metadata, md5, ct);
            await _uploads.Writer.WriteAsync(job, ct);
            return await job.Result.Task.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Rewrites a stored clip's metadata (more copies were seen), waiting out a store outage like an upload.</summary>
    public Task<StoreReceipt> UpdateMetadataAsync(ClipKey key, ClipMetadata metadata, CancellationToken ct) =>
        OutlastOutageAsync("metadata update", key, async () =>
        {
            // The journal still has the clip; a store that lost it (wiped by hand) must not fail every later attempt.
            if (await _store.UpdateMetadataAsync(key, metadata, ct) is null)
                _logger.LogWarning("Kept clip {Key} is missing from the {Store}: its metadata (popularity {Popularity}) was not updated",
                    key, _store.Describe(), metadata.Popularity);
        }, ct);

    /// <summary>Deletes a stored clip (a copy of another kept clip), waiting out a store outage like an upload.</summary>
    public Task<StoreReceipt> DeleteAsync(ClipKey key, CancellationToken ct) =>
        OutlastOutageAsync("delete", key, () => _store.DeleteAsync(key, ct), ct);

    public string NewTempFile() => _temp.Create(".mp4").Path;

    private async Task<CandidateJob> DownloadAsync(CandidateJob job)
    {
        TimeSpan waited;
        try
        {
            waited = await _disk.WaitForRoomAsync(job.Cancellation);
        }
        catch (OperationCanceledException)
        {
            job.Outcome = CandidateOutcome.Rejected(job.Post, "download: cancelled while waiting for free disk space");
            return job;
        }
        var target = NewTempFile();
        try
        {
            var outcome = await _downloader.DownloadAsync(job.Post, target, job.Cancellation);
            job.Outcome = outcome switch
            {
                DownloadOutcome.Success s => new CandidateOutcome(job.Post, s.FilePath, null, null),
                DownloadOutcome.Failure f => CandidateOutcome.Rejected(job.Post, $"download: {f}"),
                _ => CandidateOutcome.Rejected(job.Post, "download: unknown outcome"),
            };
            job.Md5 = (outcome as DownloadOutcome.Success)?.Md5;
        }
        catch (Exception e)
        {
            job.Outcome = CandidateOutcome.Rejected(job.Post, $"download: {e.GetBaseException().Message}");
        }
        if (job.Outcome.LocalFile is null) TryDelete(target);
        job.Outcome = job.Outcome with { WaitedForDisk = waited };
        return job;
    }

    private async Task<CandidateJob> AnalyseAsync(CandidateJob job)
    {
        if (job.Outcome is not { LocalFile: { } file, Rejection: null }) return job;
        try
        {
            var probe = await _prober.ProbeAsync(file, job.Cancellation);
            if (!probe.Succeeded)
            {
                Reject(job, $"probe: {probe.FailureKind}: {probe.Reason}");
                return job;
            }
            var verdict = _filter.Check(probe.Probe!);
            if (!verdict.Accepted)
            {
                Reject(job, $"filter: {verdict.Reason}");
                return job;
            }
            var fingerprint = await _fingerprinter.FingerprintAsync(file, probe.Probe, job.Cancellation);
            if (!fingerprint.Succeeded)
            {
                Reject(job, $"hash: {fingerprint.FailureKind}: {fingerprint.Reason}");
                return job;
            }
            job.Outcome = job.Outcome with
            {
                Candidate = new CandidateClip(job.Post.PostId, job.Post.Source, probe.Probe!, fingerprint.Fingerprint!, job.Md5!),
            };
        }
        catch (Exception e)
        {
            Reject(job, $"analysis: {e.GetBaseException().Message}");
        }
        return job;
    }

    private void Reject(CandidateJob job, string reason)
    {
        if (job.Outcome?.LocalFile is { } file) TryDelete(file);
        job.Outcome = CandidateOutcome.Rejected(job.Post, reason);
    }

    private async Task<NotUsed> UploadAsync(UploadJob job)
    {
        try
        {
            job.Result.TrySetResult(await OutlastOutageAsync("upload", job.Key, () => StoreOnceAsync(job), job.Cancellation));
        }
        catch (Exception e)
        {
            job.Result.TrySetException(e);
        }
        return NotUsed.Instance;
    }

    /// <summary>
    /// Runs a write; while the store is unavailable (its own retries exhausted) waits with backoff and tries again, up to
    /// <see cref="ClipsOptions.StorageOutageWait"/>. Writes are idempotent (keys derive from the bytes), so a try that
    /// failed half-way is simply done again.
    /// </summary>
    private async Task<StoreReceipt> OutlastOutageAsync(string operation, ClipKey key, Func<Task> write, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var failures = 0;
        string? lastFailure = null;
        while (true)
        {
            try
            {
                await write();
                var waited = DateTimeOffset.UtcNow - started;
                if (failures > 0)
                    _logger.LogWarning("Storage is back: {Operation} of {Key} done in the {Store} after {Failures} failed tries over {Seconds:0.0} s",
                        operation, key, _store.Describe(), failures, waited.TotalSeconds);
                return new StoreReceipt(key, operation, failures, lastFailure, waited);
            }
            catch (StorageException e) when (e.Kind == StorageFailure.Unavailable)
            {
                failures++;
                lastFailure = e.Message;
                var waited = DateTimeOffset.UtcNow - started;
                if (waited >= _options.StorageOutageWait)
                    throw new StorageException(StorageFailure.Unavailable, e.Operation, key,
                        $"{e.Message} Gave up waiting for the store after {failures} failed tries over {waited.TotalSeconds:0} s " +
                        $"(Clips:StorageOutageWaitSeconds {_options.StorageOutageWaitSeconds}).", e);
                var delay = OutageBackoff(failures);
                _logger.LogWarning("Storage unavailable: {Operation} try {Failures} of {Key} failed ({Reason}); the clip waits and is retried in {Delay:0.0} s",
                    operation, failures, key, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, ct);
            }
        }
    }

    private async Task StoreOnceAsync(UploadJob job)
    {
        var existing = await _store.StatAsync(job.Key, job.Cancellation);
        if (existing is null || !string.Equals(existing.ETagOrMd5, job.Md5, StringComparison.OrdinalIgnoreCase))
            await _store.PutAsync(job.Key, job.LocalFile, job.Metadata, job.Cancellation);
    }

    /// <summary>1 s, doubling up to a minute: an outage of minutes costs a handful of requests, and recovery is noticed soon.</summary>
    private static TimeSpan OutageBackoff(int failures) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures - 1)));

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Temporary clip {File} not deleted: {Error}", file, e.Message);
        }
    }

    public async ValueTask DisposeAsync() => await DrainAsync();

    /// <summary>Takes no more work and waits for what is in the stages (at most 10 s), unless the actor system running them is gone.</summary>
    private async Task DrainAsync()
    {
        _candidates.Writer.TryComplete();
        _uploads.Writer.TryComplete();
        await Task.WhenAny(Task.WhenAll(_candidatesDone, _uploadsDone), _systemTerminated, Task.Delay(TimeSpan.FromSeconds(10)));
    }

    private sealed class CandidateJob(DiscoveredClip post, CancellationToken cancellation)
    {
        public DiscoveredClip Post { get; } = post;
        public CancellationToken Cancellation { get; } = cancellation;
        public CandidateOutcome? Outcome { get; set; }
        public string? Md5 { get; set; }
        public TaskCompletionSource<CandidateOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class UploadJob(ClipKey key, string localFile, ClipMetadata metadata, string md5, CancellationToken cancellation)
    {
        public ClipKey Key { get; } = key;
        public string LocalFile { get; } = localFile;
        public ClipMetadata Metadata { get; } = metadata;
        public string Md5 { get; } = md5;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<StoreReceipt> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
