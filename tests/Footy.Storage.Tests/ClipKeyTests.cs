using Footy.Storage.Tests.Support;
using FsCheck;
using FsCheck.Xunit;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Storage.Tests;

public class ClipKeyTests
{
    private const string Md5 = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";

    [Fact]
    public void Key_has_the_documented_layout()
    {
        var key = ClipKey.Create(979139, "979139-3", Md5);
        Assert.Equal("979139/979139-3/979139-3_0a1b2c3d.mp4", key.Value);
        Assert.Equal(979139, key.FixtureId);
        Assert.Equal("979139-3", key.GoalId);
        Assert.Equal("0a1b2c3d", key.Hash8);
        Assert.Equal("979139-3_0a1b2c3d.mp4", key.FileName);
        Assert.Equal(key.Value, key.ToString());
    }

    [Fact]
    public void Key_from_domain_ids_matches()
    {
        var fixture = new FixtureId(979139);
        var key = ClipKey.Create(fixture, GoalId.For(fixture, 3), Md5[..8]);
        Assert.Equal(ClipKey.Create(979139, "979139-3", Md5), key);
    }

    [Fact]
    public void Parse_round_trips_and_equality_is_by_value()
    {
        var key = ClipKey.Create(1, "1-2", Md5);
        var parsed = ClipKey.Parse(key.Value);
        Assert.Equal(key, parsed);
        Assert.True(key == parsed);
        Assert.Equal(key.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(key, ClipKey.Create(1, "1-3", Md5));
    }

    [Theory]
    [InlineData("../1/1-1/1-1_0a1b2c3d.mp4")]
    [InlineData("1/../1-1/1-1_0a1b2c3d.mp4")]
    [InlineData("1/1-1/../../etc/passwd")]
    [InlineData("/1/1-1/1-1_0a1b2c3d.mp4")]
    [InlineData("1\\1-1\\1-1_0a1b2c3d.mp4")]
    [InlineData("1/1-1/1-1_0a1b2c3d.mp4/")]
    [InlineData("1//1-1/1-1_0a1b2c3d.mp4")]
    [InlineData("01/1-1/1-1_0a1b2c3d.mp4")] // leading zero: not canonical
    [InlineData("0/0-1/0-1_0a1b2c3d.mp4")]  // fixture 0
    [InlineData("1/1-1/1-2_0a1b2c3d.mp4")]  // file name of another goal
    [InlineData("1/1-1/1-1_0A1B2C3D.mp4")]  // uppercase hash: not canonical
    [InlineData("1/1-1/1-1_0a1b2c3.mp4")]
    [InlineData("1/1-1/1-1_0a1b2c3d.MP4")]
    [InlineData("1/1-1/1-1_0a1b2c3d.mp4.json")]
    [InlineData("1/1--1/1--1_0a1b2c3d.mp4")]
    [InlineData("1/-1/-1_0a1b2c3d.mp4")]
    [InlineData("1/1-/1-_0a1b2c3d.mp4")]
    [InlineData("1/1.1/1.1_0a1b2c3d.mp4")]
    [InlineData("1/1%2F1/1%2F1_0a1b2c3d.mp4")]
    [InlineData("1/%2e%2e/%2e%2e_0a1b2c3d.mp4")]
    [InlineData("1/1 1/1 1_0a1b2c3d.mp4")]
    [InlineData("1/١-١/١-١_0a1b2c3d.mp4")]  // Arabic-Indic digits
    [InlineData("C:/1-1/1-1_0a1b2c3d.mp4")]
    [InlineData(".incoming.1.1-1.1-1_0a1b2c3d.mp4")]
    [InlineData("1/1-1/1-1_0a1b2c3d.mp4\n")]
    [InlineData("1/1-1/1-1_0a1b2c3d.mp4\0")]
    [InlineData("")]
    [InlineData("99999999999999999999/1-1/1-1_0a1b2c3d.mp4")] // overflows long
    public void Hostile_or_non_canonical_keys_do_not_parse(string text)
    {
        Assert.False(ClipKey.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ClipKey.Parse(text));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../1")]
    [InlineData("1/../2")]
    [InlineData("/1")]
    [InlineData("1\\2")]
    [InlineData("1-1 ")]
    [InlineData("")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("1--2")]
    [InlineData("a-1")]
    [InlineData("１-2")] // full-width digit
    [InlineData("1/2")]
    public void Goal_ids_that_are_not_digits_and_dashes_are_rejected(string goal)
    {
        Assert.False(ClipKey.IsValidGoalId(goal));
        var e = Assert.Throws<ArgumentException>(() => ClipKey.Create(1, goal, Md5));
        Assert.Contains("digits", e.Message);
    }

    [Fact]
    public void Other_bad_parts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipKey.Create(0, "1", Md5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipKey.Create(-5, "1", Md5));
        Assert.Throws<ArgumentException>(() => ClipKey.Create(1, "1", "xyz"));
        Assert.Throws<ArgumentException>(() => ClipKey.Create(1, "1", "0a1b2c3g"));
        Assert.Throws<ArgumentException>(() => ClipKey.Create(1, "1", Md5 + "00"));
        Assert.Throws<ArgumentException>(() => ClipKey.Create(1, "1", null!));
        Assert.Throws<ArgumentException>(() => ClipKey.Create(1, new string('1', ClipKey.MaxGoalIdLength + 1), Md5));
        Assert.Throws<ArgumentException>(() => ClipKey.GoalPrefix(1, "../x"));
    }

    [Fact]
    public void Prefixes()
    {
        Assert.Equal("979139/", ClipKey.FixturePrefix(979139));
        Assert.Equal("979139/979139-3/", ClipKey.GoalPrefix(979139, "979139-3"));
        Assert.True(ClipKey.IsValidPrefix(""));
        Assert.True(ClipKey.IsValidPrefix("979139/979139-3/979139-3_0a"));
        foreach (var bad in new[] { "..", "../", "1/../", "/1", "1\\", ".tmp/", ".incoming.", "1//", "%2e", "1 /", "x/" })
            Assert.False(ClipKey.IsValidPrefix(bad), bad);
    }

    [Property(MaxTest = 300)]
    public bool Valid_parts_round_trip(PositiveInt fixture, NonEmptyArray<NonNegativeInt> ordinals, byte[] content)
    {
        var goal = string.Join("-", ordinals.Get.Take(3).Select(o => o.Get));
        var md5 = Clips.Md5(content ?? []);
        var key = ClipKey.Create(fixture.Get, goal, md5);
        var parsed = ClipKey.Parse(key.Value);
        return parsed == key
               && key.Value == $"{fixture.Get}/{goal}/{goal}_{md5[..8]}.mp4"
               && parsed.FixtureId == fixture.Get && parsed.GoalId == goal && parsed.Hash8 == md5[..8];
    }

    /// <summary>Any edit of a valid key either stops it parsing or yields a canonical key that stays inside a root.</summary>
    [Property(MaxTest = 2000)]
    public bool Mutated_keys_never_escape_a_root(PositiveInt fixture, NonNegativeInt ordinal, char c, NonNegativeInt position, bool replace)
    {
        var valid = ClipKey.Create(fixture.Get, $"{fixture.Get}-{ordinal.Get}", Md5).Value;
        var at = position.Get % (valid.Length + 1);
        var mutated = replace && at < valid.Length
            ? valid[..at] + c + valid[(at + 1)..]
            : valid[..at] + c + valid[at..];
        return ParsesOnlyIntoRoot(mutated);
    }

    [Property(MaxTest = 1000)]
    public bool Arbitrary_strings_never_escape_a_root(string text) => ParsesOnlyIntoRoot(text);

    private static bool ParsesOnlyIntoRoot(string? text)
    {
        if (!ClipKey.TryParse(text, out var key)) return true;
        var root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "root"));
        var full = Path.GetFullPath(Path.Combine(root, key.Value));
        return key.Value == text
               && full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
               && !text.Contains("..", StringComparison.Ordinal)
               && !text.StartsWith('/')
               && !text.Contains('\\')
               && text.All(ch => ch < 128 && !char.IsControl(ch) && ch != ' ');
    }
}
