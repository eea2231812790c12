using System.Net;
using System.Net.Sockets;
using Footy.Resilience;
using Footy.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Polly.CircuitBreaker;

namespace Footy.Storage;

/// <summary>Tuning of <see cref="S3ClipStore"/>. The defaults suit clips of up to a few hundred MB.</summary>
public sealed record S3ClipStoreOptions
{
    /// <summary>Time limit of one attempt of a small request (stat, delete, bucket check, list).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time limit of one attempt of an upload or a server-side copy.</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per request when the endpoint is unavailable (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Backoff before the second attempt; doubles per attempt up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest backoff between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed attempts within <see cref="CircuitSamplingDuration"/> that opens the circuit (1: every attempt failed).</summary>
    public double CircuitFailureRatio { get; init; } = 1;

    /// <summary>Attempts within <see cref="CircuitSamplingDuration"/> before the ratio counts: two requests that used up their retries.</summary>
    public int CircuitMinimumThroughput { get; init; } = 8;

    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open circuit fails requests at once (storage unavailable) before one is let through to probe.</summary>
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Create the bucket when it does not exist (otherwise a missing bucket is a <see cref="StorageFailure.NotFound"/>).</summary>
    public bool CreateBucket { get; init; } = true;

    /// <summary>Location constraint used when creating the bucket (null: the endpoint's default).</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Find out during <see cref="S3ClipStore.InitializeAsync"/> whether listing works, by writing a tiny probe
    /// object, listing it back and deleting it. When false, <see cref="S3ClipStore.CanList"/> stays false.
    /// </summary>
    public bool ProbeListing { get; init; } = true;

    /// <summary>How old a temporary object must be before a listing sweep removes it.</summary>
    public TimeSpan TemporaryGrace { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every problem with these values; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (RequestTimeout <= TimeSpan.Zero) p.Add($"{nameof(RequestTimeout)} must be positive.");
        if (UploadTimeout <= TimeSpan.Zero) p.Add($"{nameof(UploadTimeout)} must be positive.");
        if (MaxAttempts is < 1 or > 20) p.Add($"{nameof(MaxAttempts)} must be between 1 and 20 (was {MaxAttempts}).");
        if (RetryBaseDelay < TimeSpan.Zero) p.Add($"{nameof(RetryBaseDelay)} must not be negative.");
        if (RetryMaxDelay < RetryBaseDelay) p.Add($"{nameof(RetryMaxDelay)} must be at least {nameof(RetryBaseDelay)}.");
        if (TemporaryGrace < TimeSpan.Zero) p.Add($"{nameof(TemporaryGrace)} must not be negative.");
        if (double.IsNaN(CircuitFailureRatio) || CircuitFailureRatio is <= 0 or > 1) p.Add($"{nameof(CircuitFailureRatio)} must be greater than 0 and at most 1.");
        if (CircuitMinimumThroughput < 2) p.Add($"{nameof(CircuitMinimumThroughput)} must be at least 2.");
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500)) p.Add($"{nameof(CircuitSamplingDuration)} must be at least 500 ms.");
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500)) p.Add($"{nameof(CircuitBreakDuration)} must be at least 500 ms.");
        return p;
    }
}

/// <summary>
/// Clips as objects of one S3 bucket (MinIO, AWS S3, s3rver), through the Minio client.
/// <para>
/// <b>Staged write.</b> <see cref="PutAsync"/> uploads to a temporary key (<see cref="TemporaryKeyOf"/>), copies it
/// server-side onto the final key, checks the result (size and MD5) and deletes the temporary object. On AWS S3
/// and MinIO a single PUT is already atomic; the temporary key is there because not every S3 server is (s3rver
/// streams a PUT straight into the object's file, so an upload cut off half-way would truncate the published clip),
/// and because promotion can be made conditional on the uploaded bytes and checked. docs/storage.md has the details.
/// </para>
/// <para>
/// Build the client with <see cref="ClipStoreFactory.CreateMinioClient"/>: it makes HTTP 5xx answers reach this
/// store as <see cref="StorageFailure.Unavailable"/> despite a Minio 7.0.0 bug with body-less error answers.
/// </para>
/// <para>
/// <b>Failures.</b> Every attempt has a time limit; connection failures, timeouts, 5xx and throttling are retried
/// with exponential backoff and jitter (<see cref="S3ClipStoreOptions.MaxAttempts"/>), then surface as
/// <see cref="StorageException"/> of kind <see cref="StorageFailure.Unavailable"/>; when most attempts fail, a circuit
/// breaker fails requests at once as unavailable for <see cref="S3ClipStoreOptions.CircuitBreakDuration"/>; refused credentials are
/// <see cref="StorageFailure.AccessDenied"/>, a missing bucket <see cref="StorageFailure.NotFound"/>, anything else
/// <see cref="StorageFailure.Other"/>. Messages never contain the secret key.
/// </para>
/// </summary>
public sealed class S3ClipStore : IClipStore, IDisposable
{
    /// <summary>Prefix of temporary objects (a flat name: see <see cref="TemporaryKeyOf"/>).</summary>
    public const string TemporaryPrefix = ".incoming.";

    /// <summary>Prefix of the listing probe object.</summary>
    public const string ProbePrefix = ".footy-list-probe-";

    private const string ContentType = "video/mp4";

    private readonly IMinioClient _client;
    private readonly string _bucket;
    private readonly S3ClipStoreOptions _options;
    private readonly ILogger _log;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;
    private readonly KeyLocks _locks = new();
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly string _secret;
    private volatile bool _initialized;
    private volatile bool _canList;
    private readonly ResilientPipeline<object?> _pipeline;

    /// <param name="client">A built Minio client (endpoint, credentials, SSL).</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="options">Timeouts, retries, bucket creation, listing probe.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="ownsClient">Dispose the client with the store.</param>
    /// <param name="time">Clock (tests).</param>
    public S3ClipStore(IMinioClient client, string bucket, S3ClipStoreOptions? options = null, ILogger<S3ClipStore>? logger = null,
        bool ownsClient = false, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        var bucketProblem = StorageOptions.BucketProblem(bucket);
        if (bucketProblem is not null) throw new ArgumentException(bucketProblem, nameof(bucket));
        _bucket = bucket;
        _options = options ?? new S3ClipStoreOptions();
        var problems = _options.Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid S3 store options: " + string.Join(" ", problems), nameof(options));
        _log = (ILogger?)logger ?? NullLogger.Instance;
        _ownsClient = ownsClient;
        _time = time ?? TimeProvider.System;
        _secret = client.Config?.SecretKey ?? "";
        var scheme = client.Config?.Secure == true ? "https" : "http";
        var host = string.IsNullOrEmpty(client.Config?.BaseUrl) ? "unconfigured-endpoint" : client.Config!.BaseUrl;
        Location = new Uri($"{scheme}://{host}/{bucket}/");
        _pipeline = new ResilientPipeline<object?>(new ResilienceSettings
        {
            Name = "s3",
            Target = Describe(),
            MaxRetries = _options.MaxAttempts - 1,
            RetryBaseDelay = _options.RetryBaseDelay,
            RetryMaxDelay = _options.RetryMaxDelay,
            FailureRatio = _options.CircuitFailureRatio,
            MinimumThroughput = _options.CircuitMinimumThroughput,
            SamplingDuration = _options.CircuitSamplingDuration,
            BreakDuration = _options.CircuitBreakDuration,
            RetryLogLevel = LogLevel.Warning,
        }, new ResilienceRules<object?>
        {
            ShouldRetry = outcome => outcome.Exception is FailedAttempt { Kind: StorageFailure.Unavailable },
            Describe = outcome => Redact(outcome.Exception?.Message ?? "no failure"),
        }, _log, _time);
    }

    /// <summary>The bucket.</summary>
    public string Bucket => _bucket;

    public Uri Location { get; }

    /// <summary>
    /// Whether listing was shown to work by the probe in <see cref="InitializeAsync"/>: false before that, false for
    /// s3rver 3.7.1 (its ListObjects answer uses a namespace the Minio client cannot read, so listing returns nothing).
    /// </summary>
    public bool CanList => _canList;

    public string Describe() => $"S3 bucket {_bucket} at {Location.GetLeftPart(UriPartial.Authority)}";

    public Uri UriOf(ClipKey key) => new(Location, key.Value);

    /// <summary>
    /// The temporary key of a put: <c>.incoming.</c> + the key with <c>/</c> replaced by <c>.</c>, e.g.
    /// <c>.incoming.979139.979139-3.979139-3_0a1b2c3d.mp4</c>. It is flat (no <c>/</c>) because s3rver does not decode
    /// <c>%2F</c> in a copy source, and deterministic (one per key, injective since fixture and goal ids contain no
    /// dots) so that <see cref="DeleteAsync"/> can remove a leftover without listing and the next put overwrites it.
    /// </summary>
    public static string TemporaryKeyOf(ClipKey key) => TemporaryPrefix + key.Value.Replace('/', '.');

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_initialized) return;
            var exists = await RunAsync("initialize", null, _options.RequestTimeout,
                t => _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), t), ct).ConfigureAwait(false);
            if (!exists)
            {
                if (!_options.CreateBucket)
                    throw Failure(StorageFailure.NotFound, "initialize", null,
                        "the bucket does not exist and creating it is switched off (create it, or enable CreateBucket)", null);
                await CreateBucketAsync(ct).ConfigureAwait(false);
            }
            _canList = _options.ProbeListing && await ProbeListingAsync(ct).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    public async Task<StoredObject> PutAsync(ClipKey key, string localFile, ClipMetadata meta, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentException.ThrowIfNullOrWhiteSpace(localFile);
        meta.ValidateFor(key);
        if (!File.Exists(localFile))
            throw Failure(StorageFailure.NotFound, "put", key, $"the local file {localFile} does not exist", null);

        string md5;
        long length;
        try
        {
            (md5, length) = await FileDurability.Md5OfFileAsync(localFile, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(e is UnauthorizedAccessException ? StorageFailure.AccessDenied : StorageFailure.Other, "put", key,
                $"cannot read the local file {localFile} ({e.Message})", e);
        }
        var headers = ClipMetadataCodec.ToObjectMetadata(meta, md5);

        for (var recreated = false; ; recreated = true)
        {
            await InitializeAsync(ct).ConfigureAwait(false);
            try
            {
                return await PutStagedAsync(key, localFile, headers, md5, length, ct).ConfigureAwait(false);
            }
            catch (StorageException e) when (!recreated && _options.CreateBucket && IsBucketMissing(e))
            {
                // Someone removed the bucket (or the server lost its data); make it again once.
                _log.LogWarning("The bucket of {Store} disappeared; creating it again", Describe());
                _initialized = false;
            }
        }
    }

    private async Task<StoredObject> PutStagedAsync(ClipKey key, string localFile, IReadOnlyDictionary<string, string> headers,
        string md5, long length, CancellationToken ct)
    {
        using var _ = await _locks.AcquireAsync(key, ct).ConfigureAwait(false);
        var temp = TemporaryKeyOf(key);

        var uploadedETag = await RunAsync("upload", key, _options.UploadTimeout, async t =>
        {
            await using var content = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (content.Length != length)
                throw Failure(StorageFailure.Other, "upload", key, $"the local file {localFile} changed while being stored", null);
            var response = await _client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(_bucket).WithObject(temp)
                .WithStreamData(content).WithObjectSize(length)
                .WithContentType(ContentType)
                .WithHeaders(new Dictionary<string, string>(headers)), t).ConfigureAwait(false);
            return response?.Etag ?? "";
        }, ct).ConfigureAwait(false);

        // Promotion: a server-side copy keeps the temporary object's metadata (COPY directive). The copy is
        // conditional on the temporary object still being the one uploaded above (x-amz-copy-source-if-match), so
        // AWS S3 and MinIO refuse to publish bytes another writer put there meanwhile; s3rver ignores the condition,
        // and the check after the copy is the backstop there.
        await RunAsync("promote", key, _options.UploadTimeout, async t =>
        {
            var source = new CopySourceObjectArgs().WithBucket(_bucket).WithObject(temp);
            if (!string.IsNullOrWhiteSpace(uploadedETag))
            {
                var conditions = new CopyConditions();
                conditions.SetMatchETag(uploadedETag);
                source = source.WithCopyConditions(conditions);
            }
            await _client.CopyObjectAsync(new CopyObjectArgs().WithBucket(_bucket).WithObject(key.Value).WithCopyObjectSource(source), t)
                .ConfigureAwait(false);
            return 0;
        }, ct).ConfigureAwait(false);

        var stat = await RunAsync("verify", key, _options.RequestTimeout,
            t => _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key.Value), t), ct).ConfigureAwait(false);
        var stored = ToStored(key, stat);
        if (stored.Bytes != length || !string.Equals(stored.ETagOrMd5, md5, StringComparison.Ordinal))
            throw Failure(StorageFailure.Other, "put", key,
                $"verification failed: the promoted object has {stored.Bytes} bytes with MD5 {stored.ETagOrMd5}, expected {length} bytes " +
                $"with MD5 {md5} (another writer replaced the temporary object meanwhile?)", null);

        try
        {
            await RunAsync("cleanup", key, _options.RequestTimeout, async t =>
            {
                await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(temp), t).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
        }
        catch (StorageException e)
        {
            // The clip is stored and verified; the leftover is removed by the next put or delete of this key.
            _log.LogWarning("Stored {Key} in {Store} but could not remove its temporary object {Temp}: {Reason}", key, Describe(), temp, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled during the clean-up only: the put itself is done, so report it as done.
        }
        _log.LogDebug("Stored {Key} ({Bytes} bytes, md5 {Md5}) in {Store}", key, length, md5, Describe());
        return stored;
    }

    public async Task<StoredObject?> UpdateMetadataAsync(ClipKey key, ClipMetadata meta, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(meta);
        meta.ValidateFor(key);
        var current = await StatAsync(key, ct).ConfigureAwait(false);
        if (current is null) return null;
        // The bytes make a round trip through a local file and go through the staged put again, verified against the
        // MD5 they had. A server-side copy of the object onto itself (REPLACE directive) would spare that on S3 and
        // MinIO, but s3rver cannot find a copy source whose key contains '/' (it does not decode %2F).
        var local = Path.Combine(Path.GetTempPath(), $"footy-s3-{Guid.NewGuid():N}.mp4");
        try
        {
            await RunAsync("download", key, _options.UploadTimeout, async t =>
            {
                await _client.GetObjectAsync(new GetObjectArgs().WithBucket(_bucket).WithObject(key.Value).WithFile(local), t).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
            var headers = ClipMetadataCodec.ToObjectMetadata(meta, current.ETagOrMd5);
            var stored = await PutStagedAsync(key, local, headers, current.ETagOrMd5, current.Bytes, ct).ConfigureAwait(false);
            _log.LogDebug("Updated the metadata of {Key} in {Store}", key, Describe());
            return stored;
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task<StoredObject?> StatAsync(ClipKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await InitializeAsync(ct).ConfigureAwait(false);
        return await RunAsync<StoredObject?>("stat", key, _options.RequestTimeout, async t =>
        {
            try
            {
                var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key.Value), t).ConfigureAwait(false);
                return ToStored(key, stat);
            }
            catch (ObjectNotFoundException)
            {
                return null;
            }
        }, ct).ConfigureAwait(false);
    }

    public async Task DeleteAsync(ClipKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await InitializeAsync(ct).ConfigureAwait(false);
        using var _ = await _locks.AcquireAsync(key, ct).ConfigureAwait(false);
        // The clip, then a temporary object an interrupted put may have left (found without listing: its name is known).
        foreach (var name in new[] { key.Value, TemporaryKeyOf(key) })
        {
            await RunAsync("delete", key, _options.RequestTimeout, async t =>
            {
                try
                {
                    await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(name), t).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectNotFoundException or BucketNotFoundException)
                {
                    // Already gone: deleting is idempotent.
                }
                return 0;
            }, ct).ConfigureAwait(false);
        }
        _log.LogDebug("Deleted {Key} from {Store}", key, Describe());
    }

    public async Task<IReadOnlyList<ClipKey>> ListAsync(string prefix, CancellationToken ct = default)
    {
        if (!ClipKey.IsValidPrefix(prefix))
            throw new ArgumentException($"{ClipKey.Quote(prefix)} is not a valid clip key prefix (use e.g. ClipKey.FixturePrefix).", nameof(prefix));
        await InitializeAsync(ct).ConfigureAwait(false);
        if (!_canList)
        {
            _log.LogDebug("Not listing {Prefix} in {Store}: listing does not work on this endpoint (CanList is false)", prefix, Describe());
            return [];
        }
        var names = await ListNamesAsync("list", prefix, ct).ConfigureAwait(false);
        var keys = new List<ClipKey>();
        foreach (var (name, _) in names)
            if (ClipKey.TryParse(name, out var key)) keys.Add(key);
        keys.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        return keys;
    }

    public async Task<TemporarySweep> DeleteTemporaryAsync(CancellationToken ct = default)
    {
        await InitializeAsync(ct).ConfigureAwait(false);
        if (!_canList)
        {
            var why = $"temporary objects ({TemporaryPrefix}*) in the {Describe()} cannot be swept: listing does not work on this endpoint " +
                      "(e.g. s3rver 3.7.1). A leftover is removed by DeleteAsync of its key and overwritten by the next put of it; " +
                      $"on AWS S3/MinIO a lifecycle rule expiring the prefix {TemporaryPrefix} removes them too";
            _log.LogInformation("{Detail}", why);
            return new TemporarySweep(0, false, why);
        }
        var cutoff = _time.GetUtcNow().UtcDateTime - _options.TemporaryGrace;
        var names = await ListNamesAsync("sweep", TemporaryPrefix, ct).ConfigureAwait(false);
        int deleted = 0, kept = 0;
        foreach (var (name, modified) in names)
        {
            if (!name.StartsWith(TemporaryPrefix, StringComparison.Ordinal)) continue;
            if (modified is { } m && m > cutoff)
            {
                kept++;
                continue;
            }
            await RunAsync("sweep", null, _options.RequestTimeout, async t =>
            {
                await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(name), t).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
            deleted++;
        }
        var detail = $"removed {deleted} temporary object(s) from the {Describe()}; kept {kept} younger than {_options.TemporaryGrace}";
        if (deleted > 0) _log.LogInformation("{Detail}", detail);
        return new TemporarySweep(deleted, true, detail);
    }

    public void Dispose()
    {
        if (_ownsClient) (_client as IDisposable)?.Dispose();
        _initLock.Dispose();
    }

    // ------------------------------------------------------------------ helpers

    private async Task CreateBucketAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync("create bucket", null, _options.RequestTimeout, async t =>
            {
                var args = new MakeBucketArgs().WithBucket(_bucket);
                if (!string.IsNullOrEmpty(_options.Region)) args = args.WithLocation(_options.Region);
                await _client.MakeBucketAsync(args, t).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
            _log.LogInformation("Created the {Store}", Describe());
        }
        catch (StorageException e) when (e.Kind == StorageFailure.Other)
        {
            // Another process may have created it in between ("BucketAlreadyOwnedByYou"): fine if it exists now.
            var exists = await RunAsync("initialize", null, _options.RequestTimeout,
                t => _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), t), ct).ConfigureAwait(false);
            if (!exists) throw;
        }
    }

    private async Task<bool> ProbeListingAsync(CancellationToken ct)
    {
        var probe = ProbePrefix + Guid.NewGuid().ToString("N");
        await RunAsync("probe", null, _options.RequestTimeout, async t =>
        {
            using var content = new MemoryStream([0x66]);
            await _client.PutObjectAsync(new PutObjectArgs().WithBucket(_bucket).WithObject(probe)
                .WithStreamData(content).WithObjectSize(1).WithContentType("application/octet-stream"), t).ConfigureAwait(false);
            return 0;
        }, ct).ConfigureAwait(false);
        bool found;
        try
        {
            var names = await ListNamesAsync("probe", probe, ct).ConfigureAwait(false);
            found = names.Any(n => n.Name == probe);
        }
        catch (StorageException e) when (e.Kind == StorageFailure.Other)
        {
            _log.LogWarning("Listing the {Store} failed ({Reason})", Describe(), e.Message);
            found = false;
        }
        try
        {
            await RunAsync("probe", null, _options.RequestTimeout, async t =>
            {
                await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(probe), t).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
        }
        catch (StorageException e)
        {
            _log.LogWarning("Could not remove the listing probe {Probe} from the {Store}: {Reason}", probe, Describe(), e.Message);
        }
        if (found)
            _log.LogInformation("Listing works on the {Store}", Describe());
        else
            _log.LogWarning("Listing does NOT work on the {Store}: an object just written was not listed back (s3rver 3.7.1 answers " +
                            "ListObjects in an XML namespace the Minio client cannot read). ListAsync will return nothing and temporary " +
                            "objects cannot be swept by listing; the daemon does not need listing for correctness", Describe());
        return found;
    }

    private Task<List<(string Name, DateTime? Modified)>> ListNamesAsync(string operation, string prefix, CancellationToken ct) =>
        RunAsync(operation, null, _options.RequestTimeout, async t =>
        {
            var names = new List<(string, DateTime?)>();
            await foreach (var item in _client.ListObjectsEnumAsync(
                               new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true), t).ConfigureAwait(false))
            {
                if (item is { IsDir: false, Key: not null }) names.Add((item.Key, item.LastModifiedDateTime?.ToUniversalTime()));
            }
            return names;
        }, ct);

    private static StoredObject ToStored(ClipKey key, ObjectStat stat)
    {
        var decoded = ClipMetadataCodec.FromObjectMetadata(
            (IEnumerable<KeyValuePair<string, string>>?)stat.MetaData ?? [], key);
        var md5 = decoded.Md5 ?? (stat.ETag ?? "").Trim('"').ToLowerInvariant();
        return new StoredObject(key, stat.Size, md5, decoded.Metadata);
    }

    /// <summary>
    /// Runs one request through the store's pipeline: a time limit per attempt (<paramref name="timeout"/>, which differs
    /// between small requests and uploads), bounded retries with backoff for an unavailable endpoint, the circuit breaker.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, ClipKey? key, TimeSpan timeout, Func<CancellationToken, Task<T>> action, CancellationToken ct)
    {
        var attempts = 0;
        FailedAttempt? last = null;
        try
        {
            return (T)(await _pipeline.ExecuteAsync(async (_, token) =>
            {
                attempts++;
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(token);
                attemptCts.CancelAfter(timeout);
                try
                {
                    return (object?)await action(attemptCts.Token).ConfigureAwait(false);
                }
                catch (StorageException)
                {
                    throw;
                }
                catch (Exception e) when (ct.IsCancellationRequested)
                {
                    if (e is OperationCanceledException) throw;
                    throw new OperationCanceledException($"S3 {operation} cancelled.", e, ct);
                }
                catch (Exception e)
                {
                    var (kind, reason) = Classify(e, attemptCts.IsCancellationRequested, timeout);
                    throw last = new FailedAttempt(kind, $"S3 {operation}{(key is null ? "" : " of " + key)}: {reason}", reason, e);
                }
            }, 0, ct).ConfigureAwait(false))!;
        }
        catch (FailedAttempt f)
        {
            var reason = f.Kind == StorageFailure.Unavailable ? f.Reason + $" (gave up after {Attempts(attempts)})" : f.Reason;
            throw Failure(f.Kind, operation, key, reason, f.InnerException);
        }
        catch (BrokenCircuitException e)
        {
            var reason = last is null
                ? "circuit open after repeated failures; no request sent"
                : $"{last.Reason}; circuit opened after repeated failures (gave up after {Attempts(attempts)})";
            throw Failure(StorageFailure.Unavailable, operation, key, reason, e);
        }
    }

    private static string Attempts(int n) => $"{n} attempt{(n == 1 ? "" : "s")}";

    /// <summary>One attempt's classified failure, inside the pipeline (retried when <see cref="Kind"/> is unavailable).</summary>
    private sealed class FailedAttempt(StorageFailure kind, string message, string reason, Exception inner) : Exception(message, inner)
    {
        public StorageFailure Kind { get; } = kind;
        public string Reason { get; } = reason;
    }

    private static (StorageFailure Kind, string Reason) Classify(Exception e, bool timedOut, TimeSpan timeout)
    {
        if (timedOut) return (StorageFailure.Unavailable, $"no answer within {timeout.TotalSeconds:0.###} s");
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];

        switch (e)
        {
            case PreconditionFailedException:
                return (StorageFailure.Other, $"the temporary object changed before it was promoted (another writer of the same key?) ({e.Message})");
            case AccessDeniedException or AuthorizationException or ForbiddenException or CredentialsProviderException:
                return (StorageFailure.AccessDenied, $"access denied ({e.Message})");
            case BucketNotFoundException:
                return (StorageFailure.NotFound, $"the bucket does not exist ({e.Message})");
            case ObjectNotFoundException:
                return (StorageFailure.NotFound, $"object not found ({e.Message})");
            case ConnectionException or InternalServerException:
                return (StorageFailure.Unavailable, $"the endpoint failed ({e.Message})");
            case MinioException m:
                {
                    var code = m.Response?.Code ?? "";
                    var status = (int?)m.ServerResponse?.StatusCode ?? 0;
                    if (code is "SlowDown" or "ServiceUnavailable" or "InternalError" or "RequestTimeout" or "OperationAborted"
                        || status is >= 500 or 429 or 408)
                        return (StorageFailure.Unavailable, $"the endpoint answered {Describe(status, code)} ({m.Message})");
                    if (code is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AllAccessDisabled" or "AccountProblem"
                        || status is 401 or 403)
                        return (StorageFailure.AccessDenied, $"access denied: {Describe(status, code)} ({m.Message})");
                    if (code is "PreconditionFailed" || status == 412)
                        return (StorageFailure.Other, $"the temporary object changed before it was promoted (another writer of the same key?): {Describe(status, code)}");
                    if (code is "NoSuchBucket")
                        return (StorageFailure.NotFound, $"the bucket does not exist ({m.Message})");
                    if (code is "NoSuchKey" || status == 404)
                        return (StorageFailure.NotFound, $"not found: {Describe(status, code)} ({m.Message})");
                    return (StorageFailure.Other, $"the endpoint answered {Describe(status, code)} ({m.Message})");
                }
            case NullReferenceException or ArgumentNullException when e.TargetSite?.DeclaringType?.Namespace?.StartsWith("Minio", StringComparison.Ordinal) == true:
                // Minio 7.0.0 crashes while reading some error answers: body-less ones with an unusual status (a 5xx
                // to a HEAD; clients from ClipStoreFactory.CreateMinioClient never get there) and a 404 to a copy
                // whose source is missing. The request failed; why is unknown.
                return (StorageFailure.Other, $"the Minio client could not read the endpoint's error answer ({e.GetType().Name} in {e.TargetSite?.Name}; a Minio 7.0.0 bug)");
        }

        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException s:
                    return (StorageFailure.Unavailable, $"cannot reach the endpoint: {s.SocketErrorCode} ({e.Message})");
                case HttpRequestException { StatusCode: { } code } when (int)code >= 500 || code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout:
                    return (StorageFailure.Unavailable, $"the endpoint answered HTTP {(int)code} ({e.Message})");
                case HttpRequestException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized }:
                    return (StorageFailure.AccessDenied, $"access denied ({e.Message})");
                case HttpRequestException or IOException or TimeoutException:
                    return (StorageFailure.Unavailable, $"cannot reach the endpoint ({e.Message})");
            }
        }
        return (StorageFailure.Other, $"{e.GetType().Name}: {e.Message}");
    }

    private static string Describe(int status, string code) =>
        (status, code) switch
        {
            (0, "") => "an error",
            (0, _) => code,
            (_, "") => $"HTTP {status}",
            _ => $"HTTP {status} {code}",
        };

    private StorageException Failure(StorageFailure kind, string operation, ClipKey? key, string reason, Exception? inner)
    {
        var what = kind switch
        {
            StorageFailure.Unavailable => "storage unavailable",
            StorageFailure.AccessDenied => "access denied",
            StorageFailure.NotFound => "not found",
            _ => "failed",
        };
        var subject = key is null ? "" : $" of {key}";
        var message = Redact($"S3 {operation}{subject} on the {Describe()}: {what}: {reason}.");
        // The secret never travels in a request (SigV4 only sends a signature), so it cannot be in a client exception;
        // should a future client put it there anyway, the inner exception is dropped rather than leaked.
        if (inner is not null && _secret.Length > 0 && inner.ToString().Contains(_secret, StringComparison.Ordinal)) inner = null;
        return new StorageException(kind, operation, key, message, inner);
    }

    private string Redact(string text) =>
        _secret.Length > 0 ? text.Replace(_secret, "***", StringComparison.Ordinal) : text;

    private static bool IsBucketMissing(StorageException e) =>
        e.Kind == StorageFailure.NotFound
        && (e.InnerException is BucketNotFoundException || (e.InnerException as MinioException)?.Response?.Code == "NoSuchBucket");
}
