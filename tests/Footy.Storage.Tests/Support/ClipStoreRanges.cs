namespace Footy.Storage.Tests.Support;

/// <summary>What every clip store must do with a range of a stored clip (the goals page streams clips with HTTP Range).</summary>
public static class ClipStoreRanges
{
    /// <summary>Stores a clip from <paramref name="source"/>, then checks ranges copy byte for byte, past the end fails and a missing clip is not found.</summary>
    public static async Task AssertCopiedByteForByteAsync(IClipStore store, Func<byte[], string> source)
    {
        var bytes = Clips.Bytes(300_000, 9);
        var key = Clips.Key(content: bytes);
        await store.PutAsync(key, source(bytes), Clips.Meta(key));

        foreach (var (offset, length) in new[] { (0L, 100L), (123_456L, 70_000L), (299_900L, 100L), (0L, 300_000L) })
        {
            using var copy = new MemoryStream();
            await store.CopyRangeAsync(key, offset, length, copy);
            Assert.Equal(bytes.AsSpan((int)offset, (int)length).ToArray(), copy.ToArray());
        }
        var past = await Assert.ThrowsAsync<StorageException>(() => store.CopyRangeAsync(key, 299_950, 100, new MemoryStream()));
        Assert.Equal(StorageFailure.Other, past.Kind);
        var missing = await Assert.ThrowsAsync<StorageException>(() => store.CopyRangeAsync(Clips.Key(ordinal: 4, content: bytes), 0, 100, new MemoryStream()));
        Assert.Equal(StorageFailure.NotFound, missing.Kind);
    }
}
