using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Footy.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Storage;

/// <summary>
/// Clips as files under a root directory: <c>root/{key}</c> with a JSON sidecar <c>root/{key}.json</c>.
/// <para>
/// Writes go to <c>root/.tmp/&lt;random&gt;.part</c> (same filesystem as the destination), are flushed to disk,
/// then renamed over the destination with <see cref="File.Move(string,string,bool)"/> (rename(2): atomic), so a
/// reader opening the clip gets either the old bytes or the new ones, never a partial file. The sidecar is
/// written and renamed the same way just before the clip; the directory is fsync'ed after the renames.
/// </para>
/// <para>
/// Every path is built from a validated <see cref="ClipKey"/>, resolved, and checked to stay inside the root;
/// a symbolic link anywhere below the root on the way to a clip is refused (<see cref="StorageFailure.AccessDenied"/>),
/// so nothing is ever read or written outside the root.
/// </para>
/// </summary>
public sealed class LocalClipStore : IClipStore
{
    /// <summary>Directory under the root holding writes in progress.</summary>
    public const string TemporaryDirectoryName = ".tmp";

    /// <summary>Suffix of the metadata sidecar next to each clip.</summary>
    public const string SidecarSuffix = ".json";

    private readonly string _root;
    private readonly string _rootWithSeparator;
    private readonly string _tmp;
    private readonly TimeSpan _temporaryGrace;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly KeyLocks _locks = new();
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <param name="root">Root directory (created when missing; relative paths are resolved against the current directory).</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="temporaryGrace">
    /// How old a temporary file must be before <see cref="DeleteTemporaryAsync"/> removes it (default 15 minutes),
    /// so another process writing into the same root is not disturbed. Writes in progress in this instance are never swept.
    /// </param>
    /// <param name="time">Clock (tests).</param>
    public LocalClipStore(string root, ILogger<LocalClipStore>? logger = null, TimeSpan? temporaryGrace = null, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("The filesystem store needs a root directory.", nameof(root));
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _rootWithSeparator = _root + Path.DirectorySeparatorChar;
        _tmp = Path.Combine(_root, TemporaryDirectoryName);
        _temporaryGrace = temporaryGrace ?? TimeSpan.FromMinutes(15);
        if (_temporaryGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(temporaryGrace));
        _time = time ?? TimeProvider.System;
        _log = (ILogger?)logger ?? NullLogger.Instance;
        Location = new Uri(_rootWithSeparator);
    }

    /// <summary>The resolved root directory.</summary>
    public string Root => _root;

    public Uri Location { get; }

    /// <summary>Always true: a directory can be enumerated.</summary>
    public bool CanList => true;

    public string Describe() => $"filesystem store at {_root}";

    public Uri UriOf(ClipKey key) => new(Location, key.Value);

    /// <summary>Full path of a clip (checked to stay inside the root).</summary>
    public string PathOf(ClipKey key) => ResolveInside(key.Value);

    public Task InitializeAsync(CancellationToken ct = default) =>
        Guard("initialize", null, () =>
        {
            Directory.CreateDirectory(_root);
            Directory.CreateDirectory(_tmp);
            RefuseLink(_tmp, "initialize", null);
            return Task.CompletedTask;
        });

    public Task<StoredObject> PutAsync(ClipKey key, string localFile, ClipMetadata meta, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentException.ThrowIfNullOrWhiteSpace(localFile);
        meta.ValidateFor(key);
        return Guard("put", key, async () =>
        {
            var target = ResolveInside(key.Value);
            var sidecarPath = target + SidecarSuffix;
            if (!File.Exists(localFile))
                throw new StorageException(StorageFailure.NotFound, "put", key,
                    $"Cannot store {key} in the {Describe()}: the local file {localFile} does not exist.");

            using var _ = await _locks.AcquireAsync(key, ct).ConfigureAwait(false);
            Directory.CreateDirectory(_tmp);
            RefuseLink(_tmp, "put", key);
            var id = Guid.NewGuid().ToString("N");
            var tmpClip = Path.Combine(_tmp, id + ".part");
            var tmpSidecar = Path.Combine(_tmp, id + ".json.part");
            _inFlight.TryAdd(id, 0);
            try
            {
                var (md5, bytes) = await CopyDurablyAsync(localFile, tmpClip, ct).ConfigureAwait(false);
                var sidecar = new ClipSidecar(meta, md5, bytes, _time.GetUtcNow());
                await WriteDurablyAsync(tmpSidecar, ClipMetadataCodec.ToSidecarJson(sidecar), ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested(); // last point where cancelling leaves the stored clip untouched

                // Promotion: sidecar first, then the clip. A clip file exists only with a sidecar next to it, and a
                // crash between the two renames leaves at worst an orphan sidecar (invisible: the clip decides
                // existence; swept later) or, on replace, the new sidecar next to the old clip (detected by size in
                // StatAsync; the caller's retried put repairs it).
                var directory = Path.GetDirectoryName(target)!;
                var sidecarMoved = false;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        CreateDirectoryInside(directory, key);
                        if (!sidecarMoved)
                        {
                            File.Move(tmpSidecar, sidecarPath, overwrite: true);
                            sidecarMoved = true;
                        }
                        File.Move(tmpClip, target, overwrite: true);
                        break;
                    }
                    catch (DirectoryNotFoundException) when (attempt < 3)
                    {
                        // A concurrent delete of the goal's last clip pruned the (empty) directory; make it again.
                    }
                }
                FileDurability.FsyncDirectory(directory);
                _log.LogDebug("Stored {Key} ({Bytes} bytes, md5 {Md5}) in {Store}", key, bytes, md5, Describe());
                return new StoredObject(key, bytes, md5, meta);
            }
            finally
            {
                TryDelete(tmpClip);
                TryDelete(tmpSidecar);
                _inFlight.TryRemove(id, out byte _);
            }
        });
    }

    public Task<StoredObject?> UpdateMetadataAsync(ClipKey key, ClipMetadata meta, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(meta);
        meta.ValidateFor(key);
        return Guard("update metadata", key, async () =>
        {
            using var _ = await _locks.AcquireAsync(key, ct).ConfigureAwait(false);
            var current = await StatAsync(key, ct).ConfigureAwait(false);
            if (current is null) return null;
            Directory.CreateDirectory(_tmp);
            RefuseLink(_tmp, "update metadata", key);
            var id = Guid.NewGuid().ToString("N");
            var tmpSidecar = Path.Combine(_tmp, id + ".json.part");
            _inFlight.TryAdd(id, 0);
            try
            {
                var sidecar = new ClipSidecar(meta, current.ETagOrMd5, current.Bytes, _time.GetUtcNow());
                await WriteDurablyAsync(tmpSidecar, ClipMetadataCodec.ToSidecarJson(sidecar), ct).ConfigureAwait(false);
                var target = ResolveInside(key.Value);
                File.Move(tmpSidecar, target + SidecarSuffix, overwrite: true);
                FileDurability.FsyncDirectory(Path.GetDirectoryName(target)!);
                _log.LogDebug("Updated the metadata of {Key} in {Store}", key, Describe());
                return current with { Metadata = meta };
            }
            finally
            {
                TryDelete(tmpSidecar);
                _inFlight.TryRemove(id, out byte _);
            }
        });
    }

    public Task<StoredObject?> StatAsync(ClipKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Guard("stat", key, async () =>
        {
            var target = ResolveInside(key.Value);
            var sidecarPath = target + SidecarSuffix;
            RefuseLink(sidecarPath, "stat", key);
            var file = new FileInfo(target);
            if (!file.Exists) return null;
            var bytes = file.Length;

            ClipSidecar? sidecar = null;
            try
            {
                sidecar = ClipMetadataCodec.FromSidecarJson(await File.ReadAllTextAsync(sidecarPath, Encoding.UTF8, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException)
            {
                _log.LogWarning("The clip {Key} in {Store} has no readable sidecar ({Reason}); reporting its size and MD5 without metadata",
                    key, Describe(), e.Message);
            }

            string md5;
            if (sidecar is not null && sidecar.Bytes == bytes && sidecar.Md5.Length == 32)
            {
                md5 = sidecar.Md5;
            }
            else
            {
                if (sidecar is not null)
                    _log.LogWarning("The sidecar of {Key} in {Store} describes {SidecarBytes} bytes but the clip has {Bytes}: " +
                                    "a replacement was interrupted or is in progress; hashing the clip", key, Describe(), sidecar.Bytes, bytes);
                try
                {
                    (md5, bytes) = await FileDurability.Md5OfFileAsync(target, ct).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    return null; // deleted meanwhile
                }
            }
            return new StoredObject(key, bytes, md5, sidecar?.Metadata ?? ClipMetadata.KeyOnly(key));
        });
    }

    public Task CopyRangeAsync(ClipKey key, long offset, long length, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Guard("read", key, async () =>
        {
            // A replacement renames a new file over this one: the open handle keeps reading the copy it opened.
            await using var input = new FileStream(ResolveInside(key.Value), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            input.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[1 << 16];
            for (var left = length; left > 0;)
            {
                var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
                if (read == 0)
                    throw new StorageException(StorageFailure.Other, "read", key,
                        $"The clip {key} in the {Describe()} has {input.Length} bytes, fewer than the {offset + length} asked for: it was replaced meanwhile.");
                await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                left -= read;
            }
            return 0;
        });
    }

    public Task DeleteAsync(ClipKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Guard("delete", key, async () =>
        {
            var target = ResolveInside(key.Value);
            using var _ = await _locks.AcquireAsync(key, ct).ConfigureAwait(false);
            // Clip first: from then on the key reads as "not stored", whatever happens to the sidecar.
            var goalDirectory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(goalDirectory)) return 0; // nothing stored (and nothing to prune)
            File.Delete(target);
            File.Delete(target + SidecarSuffix);
            FileDurability.FsyncDirectory(goalDirectory);
            TryRemoveEmptyDirectory(goalDirectory);
            TryRemoveEmptyDirectory(Path.GetDirectoryName(goalDirectory)!);
            _log.LogDebug("Deleted {Key} from {Store}", key, Describe());
            return 0;
        });
    }

    public Task<IReadOnlyList<ClipKey>> ListAsync(string prefix, CancellationToken ct = default)
    {
        if (!ClipKey.IsValidPrefix(prefix))
            throw new ArgumentException($"{ClipKey.Quote(prefix)} is not a valid clip key prefix (use e.g. ClipKey.FixturePrefix).", nameof(prefix));
        return Guard<IReadOnlyList<ClipKey>>("list", null, () =>
        {
            var slash = prefix.LastIndexOf('/');
            var start = slash < 0 ? _root : ResolveInside(prefix[..slash]);
            if (!Directory.Exists(start)) return Task.FromResult<IReadOnlyList<ClipKey>>([]);
            var keys = new List<ClipKey>();
            foreach (var file in Directory.EnumerateFiles(start, "*" + ClipKey.Extension, WalkOptions))
            {
                ct.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (ClipKey.TryParse(relative, out var key) && key.Value.StartsWith(prefix, StringComparison.Ordinal))
                    keys.Add(key);
            }
            keys.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
            return Task.FromResult<IReadOnlyList<ClipKey>>(keys);
        });
    }

    public Task<TemporarySweep> DeleteTemporaryAsync(CancellationToken ct = default) =>
        Guard("sweep", null, () =>
        {
            var cutoff = _time.GetUtcNow().UtcDateTime - _temporaryGrace;
            int temporary = 0, orphans = 0, kept = 0;
            if (Directory.Exists(_tmp))
            {
                RefuseLink(_tmp, "sweep", null);
                foreach (var file in Directory.EnumerateFiles(_tmp))
                {
                    ct.ThrowIfCancellationRequested();
                    var name = Path.GetFileName(file);
                    var dot = name.IndexOf('.');
                    var id = dot < 0 ? name : name[..dot];
                    if (_inFlight.ContainsKey(id) || File.GetLastWriteTimeUtc(file) > cutoff)
                    {
                        kept++;
                        continue;
                    }
                    if (TryDelete(file)) temporary++;
                }
            }
            // Sidecars whose clip never arrived (a crash between the two renames of a first put).
            if (Directory.Exists(_root))
            {
                foreach (var sidecar in Directory.EnumerateFiles(_root, "*" + ClipKey.Extension + SidecarSuffix, WalkOptions))
                {
                    ct.ThrowIfCancellationRequested();
                    var clip = sidecar[..^SidecarSuffix.Length];
                    if (File.Exists(clip)) continue;
                    if (File.GetLastWriteTimeUtc(sidecar) > cutoff)
                    {
                        kept++;
                        continue;
                    }
                    if (TryDelete(sidecar)) orphans++;
                }
            }
            var detail = $"removed {temporary} temporary file(s) from {_tmp} and {orphans} orphan sidecar(s) under {_root}; " +
                         $"kept {kept} younger than {_temporaryGrace} or in progress";
            if (temporary + orphans > 0) _log.LogInformation("Swept {Store}: {Detail}", Describe(), detail);
            return Task.FromResult(new TemporarySweep(temporary + orphans, true, detail));
        });

    // ------------------------------------------------------------------ helpers

    private static readonly EnumerationOptions WalkOptions = new()
    {
        RecurseSubdirectories = true,
        // Never follow links out of the root; skip dot-directories such as .tmp.
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    /// <summary>Resolves a relative path below the root; refuses anything that leaves it or passes through a link.</summary>
    private string ResolveInside(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            throw new StorageException(StorageFailure.AccessDenied, "resolve", null,
                $"Refused the path {ClipKey.Quote(relative)}: it resolves outside the {Describe()}.");
        // Every existing component below the root must be a real directory/file, not a link to elsewhere.
        var current = _root;
        foreach (var part in Path.GetRelativePath(_root, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            RefuseLink(current, "resolve", null);
        }
        return full;
    }

    private void RefuseLink(string path, string operation, ClipKey? key)
    {
        if (new FileInfo(path).LinkTarget is not null)
            throw new StorageException(StorageFailure.AccessDenied, operation, key,
                $"Refused {path}: it is a symbolic link, and the {Describe()} never follows links (they could lead outside the root).");
    }

    private void CreateDirectoryInside(string directory, ClipKey key)
    {
        var existed = Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        ResolveInside(Path.GetRelativePath(_root, directory)); // re-check: nothing swapped in a link meanwhile
        if (!existed)
        {
            // Make the new directory entries durable too.
            var parent = Path.GetDirectoryName(directory)!;
            FileDurability.FsyncDirectory(parent);
            if (parent.Length > _root.Length) FileDurability.FsyncDirectory(Path.GetDirectoryName(parent)!);
        }
    }

    private static async Task<(string Md5, long Bytes)> CopyDurablyAsync(string source, string destination, CancellationToken ct)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16,
            FileOptions.Asynchronous);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            total += n;
        }
        await output.FlushAsync(ct).ConfigureAwait(false);
        output.Flush(flushToDisk: true);
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), total);
    }

    private static async Task WriteDurablyAsync(string destination, string text, CancellationToken ct)
    {
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 12,
            FileOptions.Asynchronous);
        await output.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        output.Flush(flushToDisk: true);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private void TryRemoveEmptyDirectory(string directory)
    {
        if (directory.Length <= _root.Length || !directory.StartsWith(_rootWithSeparator, StringComparison.Ordinal)) return;
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                Directory.Delete(directory, recursive: false);
        }
        catch (IOException) { } // not empty any more (a concurrent put), or already gone
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Turns filesystem exceptions into typed <see cref="StorageException"/>s.</summary>
    private async Task<T> Guard<T>(string operation, ClipKey? key, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (StorageException or OperationCanceledException or ArgumentException))
        {
            var subject = key is null ? "" : $" of {key}";
            var (kind, why) = e switch
            {
                UnauthorizedAccessException => (StorageFailure.AccessDenied, "permission denied"),
                FileNotFoundException or DirectoryNotFoundException => (StorageFailure.NotFound, "a file or directory is missing"),
                IOException io when IsDiskFull(io) => (StorageFailure.Other, "the disk is full"),
                _ => (StorageFailure.Other, "I/O error"),
            };
            throw new StorageException(kind, operation, key, $"Filesystem {operation}{subject} in the {Describe()} failed: {why} ({e.Message}).", e);
        }
    }

    private Task Guard(string operation, ClipKey? key, Func<Task> body) =>
        Guard<int>(operation, key, async () =>
        {
            await body().ConfigureAwait(false);
            return 0;
        });

    private static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) is 28 /* ENOSPC */ or 112 /* ERROR_DISK_FULL */;
}
