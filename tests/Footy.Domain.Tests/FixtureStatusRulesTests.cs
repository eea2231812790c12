using Footy.Domain.Fixtures;

namespace Footy.Domain.Tests;

public class FixtureStatusRulesTests
{
    [Theory]
    [InlineData("TBD", StatusKind.Scheduled)]
    [InlineData("NS", StatusKind.Scheduled)]
    [InlineData("PST", StatusKind.Postponed)]
    [InlineData("1H", StatusKind.InPlay)]
    [InlineData("HT", StatusKind.InPlay)]
    [InlineData("2H", StatusKind.InPlay)]
    [InlineData("ET", StatusKind.InPlay)]
    [InlineData("BT", StatusKind.InPlay)]
    [InlineData("P", StatusKind.InPlay)]
    [InlineData("SUSP", StatusKind.InPlay)]
    [InlineData("INT", StatusKind.InPlay)]
    [InlineData("LIVE", StatusKind.InPlay)]
    [InlineData("FT", StatusKind.Ended)]
    [InlineData("AET", StatusKind.Ended)]
    [InlineData("PEN", StatusKind.Ended)]
    [InlineData("CANC", StatusKind.Ended)]
    [InlineData("ABD", StatusKind.Ended)]
    [InlineData("AWD", StatusKind.Ended)]
    [InlineData("WO", StatusKind.Ended)]
    public void Every_documented_code_has_its_kind(string code, StatusKind expected) =>
        Assert.Equal(expected, FixtureStatusRules.Classify(code));

    [Theory]
    [InlineData("ft", StatusKind.Ended)]
    [InlineData(" Ft ", StatusKind.Ended)]
    [InlineData("ns", StatusKind.Scheduled)]
    [InlineData("\tpst\n", StatusKind.Postponed)]
    [InlineData("1h", StatusKind.InPlay)]
    [InlineData("susp", StatusKind.InPlay)]
    public void Codes_are_case_insensitive_and_trimmed(string code, StatusKind expected) =>
        Assert.Equal(expected, FixtureStatusRules.Classify(code));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("XYZ")]
    [InlineData("F T")]
    [InlineData("FULLTIME")]
    public void Unknown_codes_keep_polling(string? code) =>
        Assert.Equal(StatusKind.InPlay, FixtureStatusRules.Classify(code));
}
