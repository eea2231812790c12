using System.Security.Cryptography;

namespace Footy.Media;

/// <summary>File helpers for downloaded clips.</summary>
public static class ClipFiles
{
    /// <summary>MD5 of a file as 32 lowercase hex digits (exact-copy detection and the storage key's md5[:8]).</summary>
    public static async Task<string> Md5HexAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
