using Footy.Storage.Tests.Support;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Footy.Storage.Tests;

/// <summary>S3ClipStore against a real s3rver 3.7.1 process (see <see cref="S3rverServer"/> for how it is found).</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ClipStoreTests : IDisposable
{
    private static readonly S3ClipStoreOptions FastRetries = new()
    {
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(5),
        UploadTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly S3rverServer _server;
    private readonly TempDir _dir = new();
    private readonly string _bucket = "footy-" + Guid.NewGuid().ToString("N")[..12];
    private readonly IMinioClient _client; // plain client, to look at the bucket behind the store's back
    private readonly IMinioClient _storeClient;
    private readonly S3ClipStore _store;

    public S3ClipStoreTests(S3rverFixture fixture)
    {
        _server = fixture.Server;
        _client = _server.CreateClient();
        _storeClient = _server.CreateStoreClient();
        _store = new S3ClipStore(_storeClient, _bucket, FastRetries);
    }

    public void Dispose()
    {
        _store.Dispose();
        _storeClient.Dispose();
        _client.Dispose();
        _dir.Dispose();
    }

    private string Source(byte[] bytes) => _dir.File(Guid.NewGuid().ToString("N") + ".mp4", bytes);

    private async Task<byte[]> Download(string objectName)
    {
        using var buffer = new MemoryStream();
        await _client.GetObjectAsync(new GetObjectArgs().WithBucket(_bucket).WithObject(objectName)
            .WithCallbackStream(s => s.CopyTo(buffer)));
        return buffer.ToArray();
    }

    private async Task<bool> Exists(string objectName)
    {
        try
        {
            await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(objectName));
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Initialize_creates_the_bucket_and_finds_that_s3rver_cannot_list()
    {
        Assert.False(await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket)));

        await _store.InitializeAsync();
        await _store.InitializeAsync(); // idempotent

        Assert.True(await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket)));
        Assert.False(_store.CanList); // s3rver 3.7.1 answers ListObjects in a namespace the Minio client cannot read
        // The listing probe cleaned up after itself.
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(_server.Directory, _bucket)),
            p => Path.GetFileName(p).StartsWith(S3ClipStore.ProbePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_bucket_is_used_as_it_is()
    {
        await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket));
        await _store.InitializeAsync();
        var key = Clips.Key();
        await _store.PutAsync(key, Source([1, 2, 3]), Clips.Meta(key));
        Assert.True(await Exists(key.Value));
    }

    [Fact]
    public async Task A_missing_bucket_is_not_found_when_creating_is_switched_off()
    {
        using var store = new S3ClipStore(_storeClient, _bucket, FastRetries with { CreateBucket = false });
        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());
        Assert.Equal(StorageFailure.NotFound, e.Kind);
        Assert.Contains(_bucket, e.Message);
    }

    [Fact]
    public async Task Put_then_stat_round_trips_size_md5_and_accented_metadata()
    {
        var bytes = Clips.Bytes(300_000, 11);
        var key = Clips.Key(content: bytes);
        var meta = Clips.Meta(key, player: "Á. Di María", team: "Atlético de Madrid", sources: ["1890000000000000001", "ü,ñ 孫興慜 ⚽"]);

        var put = await _store.PutAsync(key, Source(bytes), meta);

        var expected = new StoredObject(key, bytes.Length, Clips.Md5(bytes), meta);
        Assert.Equal(expected, put);
        Assert.Equal(expected, await _store.StatAsync(key));
        Assert.Equal(bytes, await Download(key.Value));

        // What is on the wire is ASCII (percent-encoded), as any S3 client or browser shows it.
        var raw = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key.Value));
        Assert.Equal("%C3%81.%20Di%20Mar%C3%ADa", raw.MetaData.First(kv => kv.Key.EndsWith("player", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal("video/mp4", raw.ContentType);
        Assert.All(raw.MetaData, kv => Assert.All(kv.Value, c => Assert.True(c < 128)));

        Assert.False(await Exists(S3ClipStore.TemporaryKeyOf(key))); // staged upload cleaned up
    }

    [Fact]
    public Task A_range_of_a_stored_clip_is_copied_byte_for_byte_and_a_missing_clip_is_not_found()
        => ClipStoreRanges.AssertCopiedByteForByteAsync(_store, Source);

    [Fact]
    public async Task Updating_the_metadata_keeps_the_bytes_and_a_missing_clip_is_null()
    {
        var bytes = Clips.Bytes(120_000, 4);
        var key = Clips.Key(content: bytes);
        await _store.PutAsync(key, Source(bytes), Clips.Meta(key, player: "Á. Di María", popularity: 1, sources: ["1"]));
        var merged = Clips.Meta(key, player: "Á. Di María", popularity: 3, sources: ["1", "2", "3"]);

        var updated = await _store.UpdateMetadataAsync(key, merged);

        var expected = new StoredObject(key, bytes.Length, Clips.Md5(bytes), merged);
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await _store.StatAsync(key));
        Assert.Equal(bytes, await Download(key.Value));
        var raw = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key.Value));
        Assert.Equal("video/mp4", raw.ContentType);
        var missing = Clips.Key(content: Clips.Bytes(10, 5));
        Assert.Null(await _store.UpdateMetadataAsync(missing, Clips.Meta(missing)));
    }

    [Fact]
    public async Task Putting_the_same_key_again_replaces_the_clip_and_keeps_the_key()
    {
        var first = Clips.Bytes(100_000, 1);
        var better = Clips.Bytes(6 * 1024 * 1024, 2); // above the client's 5 MiB part size
        var key = Clips.Key(content: first);
        await _store.PutAsync(key, Source(first), Clips.Meta(key, popularity: 1));

        var replaced = await _store.PutAsync(key, Source(better), Clips.Meta(key, player: "Son Heung-min 손흥민", popularity: 6));

        Assert.Equal(key, replaced.Key);
        var stat = await _store.StatAsync(key);
        Assert.NotNull(stat);
        Assert.Equal(better.Length, stat.Bytes);
        Assert.Equal(Clips.Md5(better), stat.ETagOrMd5);
        Assert.Equal("Son Heung-min 손흥민", stat.Metadata.Player);
        Assert.Equal(6, stat.Metadata.Popularity);
        Assert.Equal(better, await Download(key.Value));
        Assert.False(await Exists(S3ClipStore.TemporaryKeyOf(key)));
    }

    [Fact]
    public async Task Stat_of_a_missing_key_is_null_and_delete_is_idempotent()
    {
        var key = Clips.Key();
        Assert.Null(await _store.StatAsync(key));
        await _store.DeleteAsync(key); // missing is fine

        await _store.PutAsync(key, Source([1, 2, 3]), Clips.Meta(key));
        await _store.DeleteAsync(key);
        await _store.DeleteAsync(key);

        Assert.Null(await _store.StatAsync(key));
        Assert.False(await Exists(key.Value));
    }

    [Fact]
    public async Task A_leftover_of_an_interrupted_put_is_removed_without_listing()
    {
        var key = Clips.Key();
        // An upload that never got promoted: the temporary object exists, the clip does not.
        using (var content = new MemoryStream(new byte[1000]))
        {
            await _store.InitializeAsync();
            await _client.PutObjectAsync(new PutObjectArgs().WithBucket(_bucket).WithObject(S3ClipStore.TemporaryKeyOf(key))
                .WithStreamData(content).WithObjectSize(1000));
        }
        Assert.Null(await _store.StatAsync(key)); // the leftover is invisible as a clip

        var sweep = await _store.DeleteTemporaryAsync();
        Assert.False(sweep.Complete); // honest: s3rver's listing does not work, so the sweep could not look
        Assert.Equal(0, sweep.Deleted);
        Assert.Contains("listing does not work", sweep.Detail);

        await _store.DeleteAsync(key); // the journal knows the key: deleting it removes the leftover too
        Assert.False(await Exists(S3ClipStore.TemporaryKeyOf(key)));
    }

    [Fact]
    public async Task A_cut_off_upload_never_damages_the_published_clip()
    {
        var published = Clips.Bytes(200_000, 5);
        var key = Clips.Key(content: published);
        await _store.PutAsync(key, Source(published), Clips.Meta(key));
        var replacementBytes = Clips.Bytes(40 * 1024 * 1024, 6);
        var replacement = Source(replacementBytes);

        // Cut the replacement off while s3rver is writing the uploaded bytes (its temporary object's file appears).
        var tempFile = Path.Combine(_server.Directory, _bucket, S3ClipStore.TemporaryKeyOf(key) + "._S3rver_object");
        using var cts = new CancellationTokenSource();
        var put = _store.PutAsync(key, replacement, Clips.Meta(key, popularity: 9), cts.Token);
        while (!put.IsCompleted && !File.Exists(tempFile)) await Task.Delay(1);
        var cutDuringUpload = !put.IsCompleted;
        cts.Cancel();
        var completed = true;
        try
        {
            await put;
        }
        catch (OperationCanceledException)
        {
            completed = false;
        }

        var stored = await Download(key.Value);
        var stat = await _store.StatAsync(key);
        Assert.NotNull(stat);
        Assert.Equal(Clips.Md5(stored), stat.ETagOrMd5);
        if (completed)
        {
            Assert.Equal(replacementBytes, stored);
        }
        else
        {
            Assert.True(cutDuringUpload);
            Assert.Equal(published, stored); // intact: the cut-off bytes went to the temporary key only
            Assert.Equal(2, stat.Metadata.Popularity);
            // The next put of the key (the caller's retry) replaces it cleanly.
            var retried = await _store.PutAsync(key, replacement, Clips.Meta(key, popularity: 9));
            Assert.Equal(Clips.Md5(replacementBytes), retried.ETagOrMd5);
            Assert.False(await Exists(S3ClipStore.TemporaryKeyOf(key)));
        }
    }

    [Fact]
    public async Task Listing_on_s3rver_is_reported_as_unavailable_not_as_empty_truth()
    {
        var key = Clips.Key();
        await _store.PutAsync(key, Source([1]), Clips.Meta(key));
        Assert.False(_store.CanList);
        Assert.Empty(await _store.ListAsync(ClipKey.FixturePrefix(key.FixtureId))); // empty means "unknown" here
        Assert.NotNull(await _store.StatAsync(key)); // the key itself is always reachable
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync("../"));
    }

    [Fact]
    public async Task Many_sources_are_cut_to_the_metadata_limit()
    {
        var key = Clips.Key();
        var sources = Enumerable.Range(0, 300).Select(i => (1890000000000000000L + i).ToString()).ToArray();
        await _store.PutAsync(key, Source([1, 2]), Clips.Meta(key, sources: sources));
        var stat = await _store.StatAsync(key);
        Assert.NotNull(stat);
        Assert.InRange(stat.Metadata.SourceIds.Count, 10, 299);
        Assert.Equal(sources.Take(stat.Metadata.SourceIds.Count), stat.Metadata.SourceIds);
    }

    [Fact]
    public async Task A_bucket_that_disappeared_is_created_again_on_put()
    {
        var log = new ListLogger<S3ClipStore>();
        using var store = new S3ClipStore(_storeClient, _bucket, FastRetries, log);
        var key = Clips.Key();
        await store.PutAsync(key, Source([1]), Clips.Meta(key));
        Directory.Delete(Path.Combine(_server.Directory, _bucket), recursive: true); // someone wiped the server

        var put = await store.PutAsync(key, Source([2, 2]), Clips.Meta(key));

        Assert.Equal(2, put.Bytes);
        Assert.Contains(log.Entries, l => l.Message.Contains("disappeared"));
        Assert.Equal(2, log.Entries.Count(l => l.Message.StartsWith("Created the S3 bucket")));
        Assert.True(await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket)));
    }

    [Fact]
    public async Task An_unknown_access_key_is_access_denied_and_the_secret_never_shows()
    {
        const string secret = "sEcReT-9f8e7d6c5b4a-do-not-log";
        using var client = _server.CreateStoreClient("NOBODY", secret);
        using var store = new S3ClipStore(client, _bucket, FastRetries);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());

        Assert.Equal(StorageFailure.AccessDenied, e.Kind);
        Assert.False(e.IsTransient);
        Assert.Contains(_bucket, e.Message);
        Assert.DoesNotContain(secret, e.ToString());
    }

    [Fact]
    public async Task Describes_itself_without_secrets()
    {
        Assert.Equal($"S3 bucket {_bucket} at http://127.0.0.1:{_server.Port}", _store.Describe());
        var key = Clips.Key();
        Assert.Equal(new Uri($"http://127.0.0.1:{_server.Port}/{_bucket}/{key.Value}"), _store.UriOf(key));
        Assert.DoesNotContain(S3rverServer.SecretKey, _store.Describe()[..6]);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_factory_builds_a_working_store_from_settings()
    {
        var options = new StorageOptions(Kind: "S3", Endpoint: $"http://{_server.Endpoint}", AccessKey: S3rverServer.AccessKey,
            SecretKey: S3rverServer.SecretKey, Bucket: _bucket, TimeoutSeconds: 20, MaxAttempts: 2);
        var store = ClipStoreFactory.Create(options);
        try
        {
            Assert.IsType<S3ClipStore>(store);
            var key = Clips.Key();
            var bytes = Clips.Bytes(1234, 9);
            await store.PutAsync(key, Source(bytes), Clips.Meta(key));
            Assert.Equal(Clips.Md5(bytes), (await store.StatAsync(key))!.ETagOrMd5);
        }
        finally
        {
            ((IDisposable)store).Dispose();
        }
    }
}

/// <summary>The server going away in the middle of the work, and coming back.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3OutageTests
{
    [Fact]
    public async Task Server_down_is_a_typed_unavailable_failure_and_work_resumes_when_it_is_back()
    {
        await using var server = await S3rverServer.StartAsync(); // its own server: stopping it disturbs no other test
        using var dir = new TempDir();
        using var client = server.CreateStoreClient();
        using var store = new S3ClipStore(client, "footy-videos", new S3ClipStoreOptions
        {
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(3),
        });
        var before = Clips.Key(ordinal: 1);
        var beforeBytes = Clips.Bytes(50_000, 1);
        await store.PutAsync(before, dir.File("before.mp4", beforeBytes), Clips.Meta(before));

        await server.StopAsync();

        var during = Clips.Key(ordinal: 2);
        var duringFile = dir.File("during.mp4", Clips.Bytes(40_000, 2));
        var put = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync(during, duringFile, Clips.Meta(during)));
        Assert.Equal(StorageFailure.Unavailable, put.Kind);
        Assert.True(put.IsTransient);
        Assert.Equal(during, put.Key);
        Assert.Contains("gave up after 3 attempts", put.Message);
        Assert.Contains($"127.0.0.1:{server.Port}", put.Message);
        var stat = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync(before));
        Assert.Equal(StorageFailure.Unavailable, stat.Kind);
        var delete = await Assert.ThrowsAsync<StorageException>(() => store.DeleteAsync(before));
        Assert.Equal(StorageFailure.Unavailable, delete.Kind);

        await server.StartAgainAsync();

        var kept = await store.StatAsync(before);
        Assert.Equal(Clips.Md5(beforeBytes), kept?.ETagOrMd5); // stored before the outage, still there
        var retried = await store.PutAsync(during, duringFile, Clips.Meta(during)); // the caller's retry succeeds
        Assert.Equal(40_000, retried.Bytes);
        await store.DeleteAsync(before);
        Assert.Null(await store.StatAsync(before));
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_opens_the_circuit_which_refuses_requests_until_one_probe_after_the_break()
    {
        await using var server = await S3rverServer.StartAsync();
        using var client = server.CreateStoreClient();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var log = new ListLogger<S3ClipStore>();
        using var store = new S3ClipStore(client, "footy-videos", new S3ClipStoreOptions
        {
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.Zero,
            RequestTimeout = TimeSpan.FromSeconds(3),
            CircuitMinimumThroughput = 4,
            CircuitBreakDuration = TimeSpan.FromMinutes(1),
        }, log, time: clock);
        await server.StopAsync();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var down = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync(Clips.Key()));
            Assert.Equal(StorageFailure.Unavailable, down.Kind);
            Assert.Contains("gave up after 2 attempts", down.Message);
        }
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("circuit opened for 60 s"));

        await server.StartAgainAsync();
        var refused = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync(Clips.Key()));
        Assert.Equal(StorageFailure.Unavailable, refused.Kind);
        Assert.True(refused.IsTransient);
        Assert.Contains("circuit open after repeated failures; no request sent", refused.Message);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.StatAsync(Clips.Key()));
        Assert.Contains(log.Entries, e => e.Message.EndsWith("circuit closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_started_while_the_server_is_down_initializes_once_it_is_up()
    {
        await using var server = await S3rverServer.StartAsync();
        await server.StopAsync();
        using var client = server.CreateStoreClient();
        using var store = new S3ClipStore(client, "footy-videos", new S3ClipStoreOptions
        {
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });

        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());
        Assert.Equal(StorageFailure.Unavailable, e.Kind);
        Assert.Equal("initialize", e.Operation);

        await server.StartAgainAsync();
        await store.InitializeAsync(); // a failed initialization is not cached
        Assert.Null(await store.StatAsync(Clips.Key()));
    }
}
