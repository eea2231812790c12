namespace Footy.Discovery.Tests;

public static class Samples
{
    public static readonly DateTimeOffset Kickoff = new(2024, 5, 19, 14, 0, 0, TimeSpan.Zero);

    public static GoalSearchRequest Saka(DateTimeOffset? since = null) => new(
        "1035000-1", 1035000, "Arsenal", "Chelsea", "Arsenal", "B. Saka", 67, null, 2, 1, since ?? Kickoff.AddMinutes(70));

    public static GoalSearchRequest Messi(DateTimeOffset? since = null) => new(
        "979139-1", 979139, "Argentina", "France", "Argentina", "L. Messi", 23, null, 1, 0, since ?? new DateTimeOffset(2022, 12, 18, 15, 20, 0, TimeSpan.Zero));

    /// <summary>Bytes that start like an MP4 file (ftyp box) followed by filler.</summary>
    public static byte[] Mp4(int length = 4096, byte fill = 0x42)
    {
        var b = new byte[Math.Max(length, 32)];
        Array.Fill(b, fill);
        byte[] head = [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0];
        head.CopyTo(b, 0);
        return b[..length];
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes));

    public static readonly IReadOnlySet<string> NoneSeen = new HashSet<string>();
}
