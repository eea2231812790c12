using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Footy.Storage.Internal;

/// <summary>fsync helpers and hashing.</summary>
internal static class FileDurability
{
    /// <summary>
    /// Flushes a directory's entries to disk, so a rename into it survives a power cut (Linux/macOS; a no-op
    /// elsewhere or when the platform call is unavailable: the rename itself is still atomic).
    /// </summary>
    public static void FsyncDirectory(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        try
        {
            var fd = Native.open(directory, 0 /* O_RDONLY */);
            if (fd < 0) return;
            try { _ = Native.fsync(fd); }
            finally { _ = Native.close(fd); }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            // Durability of the directory entry is best effort where libc is not reachable.
        }
    }

    /// <summary>Lowercase hex MD5 of a file's content.</summary>
    public static async Task<(string Md5, long Bytes)> Md5OfFileAsync(string path, CancellationToken ct)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, n);
            total += n;
        }
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), total);
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
