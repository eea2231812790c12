using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Storage;

/// <summary>
/// The object key of one stored clip: <c>{fixture}/{goalId}/{goalId}_{md5[:8]}.mp4</c>, e.g.
/// <c>979139/979139-3/979139-3_0a1b2c3d.mp4</c>.
/// <para>
/// A key is only ever built from sanitised parts, so it is safe both as an S3 object name and as a relative
/// path under a filesystem root: the fixture is a positive decimal number without leading zeros, the goal id
/// is ASCII digits separated by single dashes (<c>979139-3</c>), the hash is 8 lowercase hex characters.
/// Nothing else is accepted (no encoding, no normalisation): no dots other than the <c>.mp4</c> suffix, so no
/// <c>..</c>; no leading separator, so no absolute paths; no backslashes, colons, percent signs, whitespace or
/// non-ASCII digits. <see cref="Parse"/> accepts exactly the strings <see cref="Value"/> produces.
/// </para>
/// <para>
/// The hash is the MD5 of the first copy stored under the key. A better copy that replaces it later keeps the
/// key (shared links keep working), so the hash in the key is an identifier, not a checksum of the current
/// content: <see cref="StoredObject.ETagOrMd5"/> is.
/// </para>
/// </summary>
public sealed partial class ClipKey : IEquatable<ClipKey>
{
    /// <summary>Longest goal id accepted (far above anything <see cref="Footy.Domain.Goals.GoalId.For"/> makes).</summary>
    public const int MaxGoalIdLength = 40;

    /// <summary>Characters of the content hash kept in the key.</summary>
    public const int HashLength = 8;

    /// <summary>File extension of every clip key.</summary>
    public const string Extension = ".mp4";

    private ClipKey(long fixtureId, string goalId, string hash8)
    {
        FixtureId = fixtureId;
        GoalId = goalId;
        Hash8 = hash8;
        FileName = $"{goalId}_{hash8}{Extension}";
        Value = $"{fixtureId.ToString(CultureInfo.InvariantCulture)}/{goalId}/{FileName}";
    }

    /// <summary>API-Football fixture id (the first path segment).</summary>
    public long FixtureId { get; }

    /// <summary>Goal id (digits and dashes), the second path segment and the file name's stem.</summary>
    public string GoalId { get; }

    /// <summary>First 8 lowercase hex characters of the MD5 of the first copy stored under this key.</summary>
    public string Hash8 { get; }

    /// <summary>Last segment: <c>{goalId}_{hash8}.mp4</c>.</summary>
    public string FileName { get; }

    /// <summary>The full key, <c>{fixture}/{goalId}/{goalId}_{hash8}.mp4</c>, always with forward slashes.</summary>
    public string Value { get; }

    /// <summary>
    /// Builds a key. <paramref name="md5Hex"/> is either a full MD5 (32 hex characters) or its first 8; any
    /// case, the key keeps it lowercase.
    /// </summary>
    /// <exception cref="ArgumentException">A part is not in the accepted form (the message names which and why).</exception>
    public static ClipKey Create(long fixtureId, string goalId, string md5Hex)
    {
        if (fixtureId <= 0)
            throw new ArgumentOutOfRangeException(nameof(fixtureId), fixtureId, "A fixture id must be a positive number.");
        if (!IsValidGoalId(goalId))
            throw new ArgumentException(
                $"Goal id {Quote(goalId)} is not allowed in a clip key: it must be ASCII digits separated by single dashes " +
                $"(e.g. 979139-3), at most {MaxGoalIdLength} characters.", nameof(goalId));
        if (md5Hex is null || (md5Hex.Length != 32 && md5Hex.Length != HashLength) || !IsHex(md5Hex))
            throw new ArgumentException(
                $"Content hash {Quote(md5Hex)} is not allowed in a clip key: pass the MD5 as 32 hex characters (or its first {HashLength}).",
                nameof(md5Hex));
        return new ClipKey(fixtureId, goalId, md5Hex[..HashLength].ToLowerInvariant());
    }

    /// <summary>Builds a key from the domain's ids.</summary>
    public static ClipKey Create(FixtureId fixture, GoalId goal, string md5Hex) => Create(fixture.Value, goal.Value, md5Hex);

    /// <summary>Parses a key produced by <see cref="Value"/>; anything else throws.</summary>
    /// <exception cref="FormatException">Not a clip key.</exception>
    public static ClipKey Parse(string key) =>
        TryParse(key, out var parsed)
            ? parsed
            : throw new FormatException(
                $"{Quote(key)} is not a clip key: expected {{fixture}}/{{goalId}}/{{goalId}}_{{8 lowercase hex}}.mp4, " +
                "fixture a positive number without leading zeros, goal id digits and dashes.");

    /// <summary>Parses a key produced by <see cref="Value"/>; false for anything else (never throws).</summary>
    public static bool TryParse([NotNullWhen(true)] string? key, [NotNullWhen(true)] out ClipKey? clipKey)
    {
        clipKey = null;
        if (key is null || key.Length > 20 + 2 * MaxGoalIdLength + HashLength + 8) return false;
        var m = KeyPattern().Match(key);
        if (!m.Success) return false;
        var goal = m.Groups["goal"].Value;
        if (m.Groups["goal2"].Value != goal || goal.Length > MaxGoalIdLength) return false;
        if (!long.TryParse(m.Groups["fixture"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var fixture) || fixture <= 0)
            return false;
        clipKey = new ClipKey(fixture, goal, m.Groups["hash"].Value);
        return true;
    }

    /// <summary>True when <paramref name="goalId"/> can be used in a key (ASCII digits separated by single dashes).</summary>
    public static bool IsValidGoalId([NotNullWhen(true)] string? goalId) =>
        goalId is not null && goalId.Length <= MaxGoalIdLength && GoalIdPattern().IsMatch(goalId);

    /// <summary>Listing prefix of every clip of a fixture: <c>{fixture}/</c>.</summary>
    public static string FixturePrefix(long fixtureId) =>
        fixtureId > 0
            ? fixtureId.ToString(CultureInfo.InvariantCulture) + "/"
            : throw new ArgumentOutOfRangeException(nameof(fixtureId), fixtureId, "A fixture id must be a positive number.");

    /// <summary>Listing prefix of every clip of a goal: <c>{fixture}/{goalId}/</c>.</summary>
    public static string GoalPrefix(long fixtureId, string goalId) =>
        IsValidGoalId(goalId)
            ? FixturePrefix(fixtureId) + goalId + "/"
            : throw new ArgumentException($"Goal id {Quote(goalId)} is not allowed in a clip key.", nameof(goalId));

    /// <summary>
    /// True when <paramref name="prefix"/> is an acceptable listing prefix: empty, or made of the characters a
    /// key can contain (<c>0-9 a-f - _ . /</c>, plus the letters of <c>mp4</c>), not starting with <c>/</c> or
    /// <c>.</c>, and without <c>..</c>, <c>//</c> or backslashes.
    /// </summary>
    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        prefix is not null && prefix.Length <= 200 && (prefix.Length == 0 || PrefixPattern().IsMatch(prefix))
        && !prefix.Contains("..", StringComparison.Ordinal) && !prefix.Contains("//", StringComparison.Ordinal);

    public bool Equals(ClipKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ClipKey other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(ClipKey? left, ClipKey? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ClipKey? left, ClipKey? right) => !(left == right);

    public override string ToString() => Value;

    private static bool IsHex(string s)
    {
        foreach (var c in s)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>Quotes outside data for an error message, cut short and with control characters escaped.</summary>
    internal static string Quote(string? s)
    {
        if (s is null) return "(null)";
        var cut = s.Length > 80 ? s[..80] + "…" : s;
        var sb = new System.Text.StringBuilder(cut.Length + 2).Append('"');
        foreach (var c in cut)
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return sb.Append('"').ToString();
    }

    // [0-9] rather than \d: \d also matches non-ASCII digits.
    [GeneratedRegex(@"\A(?<fixture>[1-9][0-9]{0,18})/(?<goal>[0-9]+(?:-[0-9]+)*)/(?<goal2>[0-9]+(?:-[0-9]+)*)_(?<hash>[0-9a-f]{8})\.mp4\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\A[0-9]+(?:-[0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoalIdPattern();

    [GeneratedRegex(@"\A[0-9a-fmp_\-][0-9a-fmp_.\-/]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
