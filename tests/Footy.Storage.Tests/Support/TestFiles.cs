using System.Security.Cryptography;

namespace Footy.Storage.Tests.Support;

/// <summary>A temporary directory removed at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string tag = "footy-storage")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{tag}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="bytes"/> to a new file in this directory and returns its path.</summary>
    public string File(byte[] bytes, string? name = null)
    {
        var path = Combine(name ?? Guid.NewGuid().ToString("N") + ".mp4");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

public static class Clips
{
    public static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static byte[] Filled(int length, byte value)
    {
        var b = new byte[length];
        Array.Fill(b, value);
        return b;
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    public static ClipKey Key(long fixture = 979139, int ordinal = 3, byte[]? content = null) =>
        ClipKey.Create(fixture, $"{fixture}-{ordinal}", Md5(content ?? [1, 2, 3]));

    public static ClipMetadata Meta(ClipKey key, string player = "Á. Di María", string team = "Atlético de Madrid",
        IReadOnlyList<string>? sources = null, int popularity = 2) =>
        new(key.GoalId, key.FixtureId, player, team, sources ?? ["1890000000000000001", "1890000000000000002"],
            23.84, 1280, 720, 2_100_000, popularity);
}
