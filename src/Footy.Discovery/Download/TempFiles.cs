using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Discovery;

/// <summary>
/// The one temporary folder for downloads. Each instance works in its own session folder
/// <c>{Root}/session-{guid}/</c>, held by an exclusive lock on <c>.lock</c> inside it for as long as the instance lives;
/// at start (and on <see cref="Sweep"/>) every session folder whose lock is not held, i.e. left by a process that
/// died, is deleted. Several processes (and tests) can share <see cref="Root"/> safely; nothing outside
/// <c>session-*</c> folders is ever touched. Thread-safe.
/// </summary>
public sealed class TempFiles : IDisposable
{
    private const string SessionPrefix = "session-";
    private const string LockName = ".lock";

    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private long _counter;
    private int _disposed;

    /// <param name="root">Folder for all downloads; default <c>{system temp}/footy-downloads</c>.</param>
    public TempFiles(string? root = null, ILogger<TempFiles>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(root) ? Path.Combine(Path.GetTempPath(), "footy-downloads") : root);
        Directory.CreateDirectory(Root);
        SweptAtStart = Sweep();
        SessionDirectory = Path.Combine(Root, SessionPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(SessionDirectory);
        _lock = new FileStream(Path.Combine(SessionDirectory, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    public string Root { get; }

    /// <summary>This instance's folder; every <see cref="Create"/> path is inside it.</summary>
    public string SessionDirectory { get; }

    /// <summary>Leftover session folders deleted when this instance started.</summary>
    public int SweptAtStart { get; }

    /// <summary>A new unique path (the file is not created). Dispose the result to delete it and anything a tool left next to it.</summary>
    public TempFile Create(string extension = ".mp4")
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (string.IsNullOrEmpty(extension)) extension = "";
        else if (!extension.StartsWith('.')) extension = "." + extension;
        if (extension.Any(c => Path.GetInvalidFileNameChars().Contains(c) || c == '%' || char.IsWhiteSpace(c)))
            throw new ArgumentException("extension contains characters not allowed in a file name", nameof(extension));
        var n = Interlocked.Increment(ref _counter);
        var stem = $"dl-{n:D6}-{Guid.NewGuid():N}";
        return new TempFile(Path.Combine(SessionDirectory, stem + extension));
    }

    /// <summary>Deletes session folders not locked by a live instance (and lock-less ones older than a minute). Returns how many.</summary>
    public int Sweep()
    {
        var removed = 0;
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(Root, SessionPrefix + "*").ToList();
        }
        catch (IOException)
        {
            return 0;
        }
        foreach (var dir in dirs)
        {
            if (string.Equals(dir, SessionDirectory, StringComparison.Ordinal)) continue;
            var lockFile = Path.Combine(dir, LockName);
            try
            {
                if (File.Exists(lockFile))
                {
                    // Succeeds only when no live instance holds the lock.
                    using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                    }
                }
                else if (DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) < TimeSpan.FromMinutes(1))
                {
                    continue; // being created right now by another instance
                }
                Directory.Delete(dir, recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Locked by a live instance, or vanished meanwhile.
            }
        }
        if (removed > 0) _logger.LogInformation("Removed {Count} leftover download folder(s) from {Root}", removed, Root);
        return removed;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _lock.Dispose();
        try
        {
            Directory.Delete(SessionDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete download folder {Dir}: {Error}", SessionDirectory, e.Message);
        }
    }
}

/// <summary>A temporary download path. <see cref="Dispose"/> always deletes the file, its <c>.part</c> and any <c>stem.*</c> a tool left (e.g. yt-dlp fragments).</summary>
public sealed class TempFile : IDisposable
{
    internal TempFile(string path) => Path = path;

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    public void Dispose()
    {
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        var stem = System.IO.Path.GetFileNameWithoutExtension(Path);
        TryDelete(Path);
        if (!Directory.Exists(dir)) return;
        try
        {
            foreach (var f in Directory.EnumerateFiles(dir, stem + ".*")) TryDelete(f);
        }
        catch (IOException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
