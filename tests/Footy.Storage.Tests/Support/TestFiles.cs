using System.Security.Cryptography;

namespace Footy.Storage.Tests.Support;

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
