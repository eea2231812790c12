namespace Footy.Storage;

/// <summary>One stored clip as the store reports it.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Bytes">Size of the stored bytes.</param>
/// <param name="ETagOrMd5">
/// Lowercase hex MD5 of the stored bytes when the store knows it (always for the filesystem store, and for S3
/// objects written by <see cref="S3ClipStore"/>, which records it in <c>x-amz-meta-md5</c>); otherwise the
/// server's ETag without quotes (an MD5 only for single-part uploads).
/// </param>
/// <param name="Metadata">The stored metadata (on S3, source ids may be cut short: see <see cref="ClipMetadataCodec"/>).</param>
public sealed record StoredObject(ClipKey Key, long Bytes, string ETagOrMd5, ClipMetadata Metadata);

/// <summary>What <see cref="IClipStore.DeleteTemporaryAsync"/> did.</summary>
/// <param name="Deleted">Leftovers removed.</param>
/// <param name="Complete">
/// True when the store could look everywhere leftovers can be. False when it could not (an S3 endpoint whose
/// listing does not work): leftovers may remain; they are then removed per key by <see cref="IClipStore.DeleteAsync"/>
/// and replaced by the next put of the same key.
/// </param>
/// <param name="Detail">One line for the log saying what was and was not swept.</param>
public sealed record TemporarySweep(int Deleted, bool Complete, string Detail);

/// <summary>
/// Where clips live. Correctness never depends on <see cref="ListAsync"/>: the daemon's journal knows every key it
/// stored, and every operation here works on a known key.
/// </summary>
public interface IClipStore
{
    /// <summary>Where the store points (a <c>file:</c> URI of the root or the S3 bucket's URL); for logs.</summary>
    Uri Location { get; }

    /// <summary>
    /// True when <see cref="ListAsync"/> can be trusted. Always true for the filesystem; for S3 it is found out by
    /// <see cref="InitializeAsync"/> (which writes a probe object and lists it back) and stays false until then and
    /// for endpoints whose listing answer the client cannot read (s3rver 3.7.1).
    /// </summary>
    bool CanList { get; }

    /// <summary>One line for logs, e.g. <c>filesystem store at /var/lib/footy/videos</c>. Never contains secrets.</summary>
    string Describe();

    /// <summary>Where one clip is (or would be); for logs and links.</summary>
    Uri UriOf(ClipKey key);

    /// <summary>
    /// Prepares the store (creates the root or the bucket, probes listing). Idempotent; the other operations call it
    /// on first use, so calling it at start-up only makes failures (bad credentials, unreachable endpoint) show early.
    /// </summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Stores the bytes of <paramref name="localFile"/> under <paramref name="key"/> with <paramref name="meta"/>.
    /// Idempotent: putting an existing key replaces bytes and metadata, and a reader sees either the old clip or the
    /// new one, never a mix of bytes (the key is kept, so a better copy keeps the published link). The local file is
    /// left in place.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="meta"/> is invalid or for another goal/fixture than the key.</exception>
    /// <exception cref="StorageException">Typed failure (<see cref="StorageFailure"/>).</exception>
    Task<StoredObject> PutAsync(ClipKey key, string localFile, ClipMetadata meta, CancellationToken ct = default);

    /// <summary>
    /// Replaces the metadata of a stored clip and keeps its bytes (more copies of it were seen: popularity and sources
    /// grew). Returns the clip as now stored, or null when the key holds no clip. Atomic: a reader sees the old
    /// metadata or the new, never a mix.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="meta"/> is invalid or for another goal/fixture than the key.</exception>
    /// <exception cref="StorageException">Typed failure (<see cref="StorageFailure"/>).</exception>
    Task<StoredObject?> UpdateMetadataAsync(ClipKey key, ClipMetadata meta, CancellationToken ct = default);

    /// <summary>The stored clip, or null when there is none.</summary>
    /// <exception cref="StorageException">Typed failure; "not stored" is null, not an exception.</exception>
    Task<StoredObject?> StatAsync(ClipKey key, CancellationToken ct = default);

    /// <summary>
    /// Writes <paramref name="length"/> bytes of the stored clip, from byte <paramref name="offset"/> on, to
    /// <paramref name="destination"/>: how the goals page streams a clip and answers HTTP Range requests (its size comes
    /// from <see cref="StatAsync"/>).
    /// </summary>
    /// <exception cref="StorageException">
    /// Typed failure: <see cref="StorageFailure.NotFound"/> when the key holds no clip; <see cref="StorageFailure.Other"/>
    /// when the clip ends before the range does (a better copy replaced it meanwhile).
    /// </exception>
    Task CopyRangeAsync(ClipKey key, long offset, long length, Stream destination, CancellationToken ct = default);

    /// <summary>Deletes the clip and its metadata. Idempotent: a missing clip is fine.</summary>
    Task DeleteAsync(ClipKey key, CancellationToken ct = default);

    /// <summary>
    /// Keys under <paramref name="prefix"/> (e.g. <see cref="ClipKey.FixturePrefix"/>). When <see cref="CanList"/>
    /// is false this returns an empty list, which then means "unknown", not "none": use the journal's keys.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix contains characters a key cannot contain, <c>..</c>, or starts with <c>/</c>.</exception>
    Task<IReadOnlyList<ClipKey>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Removes leftovers of interrupted writes (temporary files/objects older than the store's grace period, so
    /// writes in progress are not disturbed), where the store can find them. The result says honestly whether the
    /// sweep could look everywhere.
    /// </summary>
    Task<TemporarySweep> DeleteTemporaryAsync(CancellationToken ct = default);
}
