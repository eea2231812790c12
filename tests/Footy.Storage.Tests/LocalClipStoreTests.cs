using System.Text;
using Footy.Storage.Tests.Support;

namespace Footy.Storage.Tests;

public sealed class LocalClipStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _root;
    private readonly LocalClipStore _store;

    public LocalClipStoreTests()
    {
        _root = _dir.Combine("videos");
        _store = new LocalClipStore(_root);
    }

    public void Dispose() => _dir.Dispose();

    private string Source(byte[] bytes) => _dir.File(Guid.NewGuid().ToString("N") + ".mp4", bytes);

    private string[] TemporaryFiles() =>
        Directory.Exists(Path.Combine(_root, ".tmp")) ? Directory.GetFiles(Path.Combine(_root, ".tmp")) : [];

    [Fact]
    public async Task Put_then_stat_round_trips_bytes_md5_and_accented_metadata()
    {
        var bytes = Clips.Bytes(200_000, 1);
        var key = Clips.Key(content: bytes);
        var meta = Clips.Meta(key, player: "Á. Di María", team: "Atlético de Madrid", sources: ["1890000000000000001", "ü,ñ 孫興慜 ⚽"]);
        var source = Source(bytes);

        var put = await _store.PutAsync(key, source, meta);
        Assert.Equal(new StoredObject(key, bytes.Length, Clips.Md5(bytes), meta), put);

        var stat = await _store.StatAsync(key);
        Assert.Equal(put, stat);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.PathOf(key)));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(source)); // the local file is left in place
        Assert.Empty(TemporaryFiles());

        var sidecar = await File.ReadAllTextAsync(_store.PathOf(key) + ".json", Encoding.UTF8);
        Assert.Contains("Á. Di María", sidecar);
        Assert.Contains(Clips.Md5(bytes), sidecar);
        Assert.Equal(Path.Combine(_root, "979139", "979139-3", key.FileName), _store.PathOf(key));
    }

    [Fact]
    public Task A_range_of_a_stored_clip_is_copied_byte_for_byte_and_a_missing_clip_is_not_found()
        => ClipStoreRanges.AssertCopiedByteForByteAsync(_store, Source);

    [Fact]
    public async Task Updating_the_metadata_keeps_the_bytes_and_a_missing_clip_is_null()
    {
        var bytes = Clips.Bytes(60_000, 4);
        var key = Clips.Key(content: bytes);
        await _store.PutAsync(key, Source(bytes), Clips.Meta(key, popularity: 1, sources: ["1"]));
        var merged = Clips.Meta(key, popularity: 3, sources: ["1", "2", "3"]);

        var updated = await _store.UpdateMetadataAsync(key, merged);

        var expected = new StoredObject(key, bytes.Length, Clips.Md5(bytes), merged);
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await _store.StatAsync(key));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.PathOf(key)));
        Assert.Empty(TemporaryFiles());
        var missing = Clips.Key(content: Clips.Bytes(10, 5));
        Assert.Null(await _store.UpdateMetadataAsync(missing, Clips.Meta(missing)));
    }

    [Fact]
    public async Task Stat_of_a_missing_key_is_null()
    {
        Assert.Null(await _store.StatAsync(Clips.Key()));
    }

    [Fact]
    public async Task Putting_the_same_key_again_replaces_bytes_and_metadata_in_place()
    {
        var first = Clips.Bytes(50_000, 1);
        var better = Clips.Bytes(80_000, 2);
        var key = Clips.Key(content: first);
        await _store.PutAsync(key, Source(first), Clips.Meta(key, popularity: 1));

        var replaced = await _store.PutAsync(key, Source(better), Clips.Meta(key, popularity: 5));

        Assert.Equal(key, replaced.Key); // the published key is kept
        var stat = await _store.StatAsync(key);
        Assert.NotNull(stat);
        Assert.Equal(better.Length, stat.Bytes);
        Assert.Equal(Clips.Md5(better), stat.ETagOrMd5);
        Assert.Equal(5, stat.Metadata.Popularity);
        Assert.Equal(better, await File.ReadAllBytesAsync(_store.PathOf(key)));
        Assert.Equal([key.FileName, key.FileName + ".json"],
            Directory.GetFiles(Path.GetDirectoryName(_store.PathOf(key))!).Select(f => Path.GetFileName(f)!).Order().ToArray());
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public async Task Readers_see_the_old_clip_or_the_new_one_never_a_partial_file()
    {
        var a = Clips.Filled(1_000_000, 0xAA);
        var b = Clips.Filled(1_500_000, 0xBB);
        var key = Clips.Key(content: a);
        string sourceA = Source(a), sourceB = Source(b);
        await _store.PutAsync(key, sourceA, Clips.Meta(key));
        var path = _store.PathOf(key);

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var seen = await File.ReadAllBytesAsync(path); // never FileNotFound: rename replaces in one step
                Assert.True(seen.AsSpan().SequenceEqual(a) || seen.AsSpan().SequenceEqual(b),
                    $"read {seen.Length} bytes that are neither clip A nor clip B");
                reads++;
            }
        });
        for (var i = 0; i < 40; i++)
            await _store.PutAsync(key, i % 2 == 0 ? sourceB : sourceA, Clips.Meta(key, popularity: i));
        stop.Cancel();
        await reader;
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task Concurrent_puts_of_one_key_leave_a_consistent_clip_and_sidecar()
    {
        var key = Clips.Key();
        var contents = Enumerable.Range(0, 8).Select(i => Clips.Bytes(30_000 + i * 1000, i)).ToArray();
        await Task.WhenAll(contents.Select((c, i) => _store.PutAsync(key, Source(c), Clips.Meta(key, popularity: i))));

        var stat = await _store.StatAsync(key);
        Assert.NotNull(stat);
        var onDisk = await File.ReadAllBytesAsync(_store.PathOf(key));
        Assert.Equal(Clips.Md5(onDisk), stat.ETagOrMd5);
        var winner = Array.FindIndex(contents, c => c.AsSpan().SequenceEqual(onDisk));
        Assert.Equal(winner, stat.Metadata.Popularity); // the sidecar belongs to the clip next to it
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public async Task Delete_is_idempotent_and_prunes_empty_directories()
    {
        var key = Clips.Key();
        await _store.DeleteAsync(key); // missing is fine
        await _store.PutAsync(key, Source([1, 2, 3]), Clips.Meta(key));
        var other = Clips.Key(ordinal: 4);
        await _store.PutAsync(other, Source([4, 5, 6]), Clips.Meta(other));

        await _store.DeleteAsync(key);
        await _store.DeleteAsync(key);

        Assert.Null(await _store.StatAsync(key));
        Assert.False(File.Exists(_store.PathOf(key) + ".json"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(_store.PathOf(key))));
        Assert.NotNull(await _store.StatAsync(other)); // the fixture directory still holds the other goal

        await _store.DeleteAsync(other);
        Assert.False(Directory.Exists(Path.Combine(_root, "979139")));
    }

    [Fact]
    public async Task A_put_after_a_delete_pruned_the_directory_works()
    {
        var key = Clips.Key();
        await _store.PutAsync(key, Source([1]), Clips.Meta(key));
        await _store.DeleteAsync(key);
        await _store.PutAsync(key, Source([2]), Clips.Meta(key));
        Assert.Equal(1, (await _store.StatAsync(key))!.Bytes);
    }

    [Fact]
    public async Task Crash_leftovers_are_swept_but_recent_ones_and_real_clips_are_kept()
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var store = new LocalClipStore(_root, temporaryGrace: TimeSpan.FromMinutes(15), time: time);
        var kept = Clips.Key(ordinal: 1);
        await store.PutAsync(kept, Source([1, 2, 3]), Clips.Meta(kept));

        // What a crash leaves: half-written temporaries, and a sidecar whose clip rename never happened.
        var tmp = Path.Combine(_root, ".tmp");
        var oldPart = Path.Combine(tmp, "0123456789abcdef0123456789abcdef.part");
        var oldSidecarPart = Path.Combine(tmp, "0123456789abcdef0123456789abcdef.json.part");
        var freshPart = Path.Combine(tmp, "fedcba9876543210fedcba9876543210.part");
        File.WriteAllBytes(oldPart, new byte[4096]);
        File.WriteAllText(oldSidecarPart, "{");
        File.WriteAllBytes(freshPart, new byte[10]);
        var orphan = Clips.Key(ordinal: 2);
        var orphanSidecar = store.PathOf(orphan) + ".json";
        Directory.CreateDirectory(Path.GetDirectoryName(orphanSidecar)!);
        File.WriteAllText(orphanSidecar, "{}");
        var old = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        foreach (var f in new[] { oldPart, oldSidecarPart, orphanSidecar, store.PathOf(kept), store.PathOf(kept) + ".json" })
            File.SetLastWriteTimeUtc(f, old);

        var sweep = await store.DeleteTemporaryAsync();

        Assert.True(sweep.Complete);
        Assert.Equal(3, sweep.Deleted);
        Assert.Contains("2 temporary", sweep.Detail);
        Assert.Contains("1 orphan", sweep.Detail);
        Assert.False(File.Exists(oldPart));
        Assert.False(File.Exists(oldSidecarPart));
        Assert.False(File.Exists(orphanSidecar));
        Assert.True(File.Exists(freshPart)); // may belong to a write in progress elsewhere
        Assert.NotNull(await store.StatAsync(kept));

        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, (await store.DeleteTemporaryAsync()).Deleted);
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public async Task A_replace_interrupted_between_the_two_renames_is_reported_truthfully()
    {
        var key = Clips.Key();
        var clip = Clips.Bytes(10_000, 7);
        await _store.PutAsync(key, Source(clip), Clips.Meta(key));
        // New sidecar in place, old clip still there (crash between the renames of a replacement).
        var newer = new ClipSidecar(Clips.Meta(key, popularity: 9), new string('f', 32), 99_999, DateTimeOffset.UtcNow);
        File.WriteAllText(_store.PathOf(key) + ".json", ClipMetadataCodec.ToSidecarJson(newer));

        var stat = await _store.StatAsync(key);

        Assert.NotNull(stat);
        Assert.Equal(clip.Length, stat.Bytes);
        Assert.Equal(Clips.Md5(clip), stat.ETagOrMd5); // hashed from the clip, not taken from the mismatched sidecar
    }

    [Fact]
    public async Task A_clip_without_a_readable_sidecar_is_still_reported()
    {
        var key = Clips.Key();
        var clip = Clips.Bytes(5_000, 3);
        await _store.PutAsync(key, Source(clip), Clips.Meta(key));
        File.WriteAllText(_store.PathOf(key) + ".json", "garbage");

        var stat = await _store.StatAsync(key);

        Assert.Equal(new StoredObject(key, clip.Length, Clips.Md5(clip), ClipMetadata.KeyOnly(key)), stat);
    }

    [Fact]
    public async Task A_symlink_inside_the_root_is_never_followed()
    {
        var outside = _dir.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(_root);
        var key = Clips.Key();
        Directory.CreateSymbolicLink(Path.Combine(_root, "979139"), outside); // fixture directory pointing elsewhere

        var put = await Assert.ThrowsAsync<StorageException>(() => _store.PutAsync(key, Source([1, 2, 3]), Clips.Meta(key)));
        Assert.Equal(StorageFailure.AccessDenied, put.Kind);
        Assert.Contains("symbolic link", put.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));

        File.WriteAllBytes(Path.Combine(outside, "secret.mp4"), [9]);
        Directory.CreateDirectory(Path.Combine(outside, "979139-3"));
        File.WriteAllBytes(Path.Combine(outside, "979139-3", key.FileName), [9]);
        Assert.Equal(StorageFailure.AccessDenied, (await Assert.ThrowsAsync<StorageException>(() => _store.StatAsync(key))).Kind);
        Assert.Equal(StorageFailure.AccessDenied, (await Assert.ThrowsAsync<StorageException>(() => _store.DeleteAsync(key))).Kind);
        Assert.True(File.Exists(Path.Combine(outside, "979139-3", key.FileName)));
        Assert.Empty(await _store.ListAsync(""));
    }

    [Fact]
    public async Task A_symlinked_temporary_directory_is_refused()
    {
        var outside = _dir.Combine("elsewhere");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(_root);
        Directory.CreateSymbolicLink(Path.Combine(_root, ".tmp"), outside);
        var key = Clips.Key();

        var e = await Assert.ThrowsAsync<StorageException>(() => _store.PutAsync(key, Source([1]), Clips.Meta(key)));
        Assert.Equal(StorageFailure.AccessDenied, e.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("..")]
    [InlineData("/etc/")]
    [InlineData("979139/../../")]
    [InlineData("979139\\")]
    [InlineData(".tmp/")]
    [InlineData("%2e%2e/")]
    public async Task Listing_prefixes_that_could_escape_are_rejected(string prefix)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(prefix));
    }

    [Fact]
    public async Task List_returns_only_clip_keys_under_the_prefix()
    {
        var a = Clips.Key(fixture: 100, ordinal: 1);
        var b = Clips.Key(fixture: 100, ordinal: 2);
        var c = Clips.Key(fixture: 1000, ordinal: 1);
        foreach (var k in new[] { a, b, c }) await _store.PutAsync(k, Source([1]), Clips.Meta(k));
        File.WriteAllText(Path.Combine(_root, "100", "100-1", "notes.txt"), "x");
        File.WriteAllBytes(Path.Combine(_root, "100", "100-1", "100-9_0a1b2c3d.mp4"), [1]); // file name of another goal
        File.WriteAllBytes(Path.Combine(_root, ".tmp", "x.mp4"), [1]);

        Assert.True(_store.CanList);
        Assert.Equal([a, b, c], await _store.ListAsync(""));
        Assert.Equal([a, b], await _store.ListAsync(ClipKey.FixturePrefix(100)));
        Assert.Equal([b], await _store.ListAsync(ClipKey.GoalPrefix(100, "100-2")));
        Assert.Equal([a, b, c], await _store.ListAsync("10"));
        Assert.Empty(await _store.ListAsync("42/"));
    }

    [Fact]
    public async Task Metadata_for_another_goal_is_rejected_before_anything_is_written()
    {
        var key = Clips.Key(ordinal: 3);
        var wrong = Clips.Meta(Clips.Key(ordinal: 4));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, Source([1]), wrong));
        Assert.Null(await _store.StatAsync(key));
    }

    [Fact]
    public async Task A_missing_local_file_is_a_typed_not_found()
    {
        var key = Clips.Key();
        var e = await Assert.ThrowsAsync<StorageException>(() => _store.PutAsync(key, _dir.Combine("nope.mp4"), Clips.Meta(key)));
        Assert.Equal(StorageFailure.NotFound, e.Kind);
        Assert.Contains("nope.mp4", e.Message);
    }

    [Fact]
    public async Task A_cancelled_put_leaves_the_stored_clip_and_no_temporaries()
    {
        var key = Clips.Key();
        var original = Clips.Bytes(1000, 1);
        await _store.PutAsync(key, Source(original), Clips.Meta(key));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutAsync(key, Source(Clips.Bytes(5000, 2)), Clips.Meta(key), cts.Token));

        Assert.Equal(original, await File.ReadAllBytesAsync(_store.PathOf(key)));
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public async Task Initialize_creates_the_root_and_describes_it()
    {
        await _store.InitializeAsync();
        Assert.True(Directory.Exists(Path.Combine(_root, ".tmp")));
        Assert.Equal($"filesystem store at {_root}", _store.Describe());
        Assert.Equal(new Uri(_root + "/"), _store.Location);
        var key = Clips.Key();
        Assert.Equal(new Uri(Path.Combine(_root, key.Value)), _store.UriOf(key));
    }
}
