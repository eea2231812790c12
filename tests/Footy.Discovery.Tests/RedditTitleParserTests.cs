using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Footy.Discovery.Tests;

public sealed class RedditTitleParserTests
{
    // title, home, away, hs, as, side(H/A), scorer, minute, extra, pen, og, et
    public static IEnumerable<object?[]> Titles => new List<object?[]>
    {
        new object?[] { "Arsenal [2] - 1 Chelsea - Bukayo Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Bukayo Saka", 67, null, false, false, false },
        new object?[] { "Arsenal 2 - [1] Chelsea - Saka 90+3'", "Arsenal", "Chelsea", 2, 1, 'A', "Saka", 90, 3, false, false, false },
        new object?[] { "Arsenal [2]-1 Chelsea - Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal 2-[1] Chelsea - Saka 67'", "Arsenal", "Chelsea", 2, 1, 'A', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] – 1 Chelsea – Saka 67’", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] — 1 Chelsea — Saka 67′", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 67", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea | Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [ 2 ] - 1 Chelsea - Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 90'+3", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 90, 3, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 90+3", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 90, 3, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 45' + 2'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 45, 2, false, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka 23' (pen)", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka (pen) 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka pen 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka 23' pen", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Penalty Saka 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka 23' [PEN]", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka 23' (P)", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Saka 23' (Penalty)", "Arsenal", "Chelsea", 1, 0, 'H', "Saka", 23, null, true, false, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Thiago Silva OG 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Thiago Silva", 23, null, false, true, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Thiago Silva 23' (OG)", "Arsenal", "Chelsea", 1, 0, 'H', "Thiago Silva", 23, null, false, true, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Own goal by Thiago Silva 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Thiago Silva", 23, null, false, true, false },
        new object?[] { "Arsenal [1] - 0 Chelsea - Thiago Silva (o.g.) 23'", "Arsenal", "Chelsea", 1, 0, 'H', "Thiago Silva", 23, null, false, true, false },
        new object?[] { "Real Madrid [2] - 1 Barcelona - Benzema 105' (ET)", "Real Madrid", "Barcelona", 2, 1, 'H', "Benzema", 105, null, false, false, true },
        new object?[] { "Real Madrid [2] - 1 Barcelona - Benzema 105' ET", "Real Madrid", "Barcelona", 2, 1, 'H', "Benzema", 105, null, false, false, true },
        new object?[] { "Real Madrid [2] - 1 Barcelona - Benzema 15' ET", "Real Madrid", "Barcelona", 2, 1, 'H', "Benzema", 105, null, false, false, true },
        new object?[] { "Real Madrid 2 - [2] Barcelona - Lewandowski 120+1' (a.e.t.)", "Real Madrid", "Barcelona", 2, 2, 'A', "Lewandowski", 120, 1, false, false, true },
        new object?[] { "Real Madrid [2] - 1 Barcelona - Benzema 98' (Extra time, pen)", "Real Madrid", "Barcelona", 2, 1, 'H', "Benzema", 98, null, true, false, true },
        new object?[] { "Arsenal [2] - 1 Chelsea - Bukayo Saka 67' (great goal)", "Arsenal", "Chelsea", 2, 1, 'H', "Bukayo Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Bukayo Saka 67' + Odegaard assist", "Arsenal", "Chelsea", 2, 1, 'H', "Bukayo Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Bukayo Saka 67' [Alternate Angle]", "Arsenal", "Chelsea", 2, 1, 'H', "Bukayo Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Great goal by Bukayo Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Bukayo Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea [4-2 on agg.] - Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea (4-2 agg) - Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Schalke 04 [1] - 0 Bayern Munich - Terodde 12'", "Schalke 04", "Bayern Munich", 1, 0, 'H', "Terodde", 12, null, false, false, false },
        new object?[] { "Mainz 05 2 - [1] Hoffenheim - Kramaric 80'", "Mainz 05", "Hoffenheim", 2, 1, 'A', "Kramaric", 80, null, false, false, false },
        new object?[] { "1. FC Köln [1] - 0 Mainz 05 - Selke 5'", "1. FC Köln", "Mainz 05", 1, 0, 'H', "Selke", 5, null, false, false, false },
        new object?[] { "Hannover 96 0 - [1] 1. FC Köln - Selke 5'", "Hannover 96", "1. FC Köln", 0, 1, 'A', "Selke", 5, null, false, false, false },
        new object?[] { "Paris Saint-Germain [3] - 0 Lyon - Kylian Mbappé 34'", "Paris Saint-Germain", "Lyon", 3, 0, 'H', "Kylian Mbappé", 34, null, false, false, false },
        new object?[] { "Atlético Madrid 0 - [1] Real Madrid - Vinícius Júnior 45+1'", "Atlético Madrid", "Real Madrid", 0, 1, 'A', "Vinícius Júnior", 45, 1, false, false, false },
        new object?[] { "Chelsea 1 - [1] Arsenal - N'Golo Kanté 12'", "Chelsea", "Arsenal", 1, 1, 'A', "N'Golo Kanté", 12, null, false, false, false },
        new object?[] { "Brighton [10] - 0 Arsenal - Someone 88'", "Brighton", "Arsenal", 10, 0, 'H', "Someone", 88, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", null, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - 67'", "Arsenal", "Chelsea", 2, 1, 'H', "", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 67 mins", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka 2nd goal 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea - Saka stunner 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal  [2]  -  1  Chelsea  -  Saka  67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
        new object?[] { "Arsenal [2] - 1 Chelsea: Saka 67'", "Arsenal", "Chelsea", 2, 1, 'H', "Saka", 67, null, false, false, false },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void Parses_the_r_soccer_title_shapes(string title, string home, string away, int hs, int aws, char side, string scorer,
        int? minute, int? extra, bool pen, bool og, bool et)
    {
        var t = RedditTitleParser.Parse(title);
        Assert.NotNull(t);
        Assert.Equal(home, t.Home);
        Assert.Equal(away, t.Away);
        Assert.Equal(hs, t.HomeScore);
        Assert.Equal(aws, t.AwayScore);
        Assert.Equal(side == 'H' ? ScoringSide.Home : ScoringSide.Away, t.ScoringSide);
        Assert.Equal(scorer, t.Scorer);
        Assert.Equal(minute, t.Minute);
        Assert.Equal(extra, t.Extra);
        Assert.Equal(pen, t.IsPenalty);
        Assert.Equal(og, t.IsOwnGoal);
        Assert.Equal(et, t.IsExtraTime);
        Assert.False(t.IsShootout);
    }

    [Theory]
    [InlineData("Argentina [4] - 2 France (4-2 on pens) - Gonzalo Montiel")]
    [InlineData("Argentina [3] - 3 France - Montiel penalty shootout")]
    [InlineData("Argentina [3] - 3 France (Penalties) - Montiel")]
    public void Flags_penalty_shootouts(string title) => Assert.True(RedditTitleParser.Parse(title)!.IsShootout);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("Arsenal 2 - 1 Chelsea - Saka 67'")]                 // no bracket: a result, not a goal clip
    [InlineData("Arsenal [2] - [1] Chelsea - Saka 67'")]             // both bracketed
    [InlineData("Post Match Thread: Arsenal 2-1 Chelsea")]
    [InlineData("Match Thread: Arsenal vs Chelsea [Premier League]")]
    [InlineData("[Fabrizio Romano] Saka signs new deal until 2028")]
    [InlineData("Arsenal [2] - 1 Chelsea")]                           // no separator, no scorer part
    [InlineData("[2] - 1 Chelsea - Saka 67'")]                        // no home team
    [InlineData("Arsenal [2] - 1 - Saka 67'")]                        // no away team
    [InlineData("Arsenal [123] - 1 Chelsea - Saka 67'")]
    public void Refuses_titles_that_are_not_goal_clips(string? title) => Assert.Null(RedditTitleParser.Parse(title));

    [Fact]
    public void Refuses_very_long_titles_and_survives_pathological_ones()
    {
        Assert.Null(RedditTitleParser.Parse("Arsenal [2] - 1 Chelsea - " + new string('a', 500)));
        var nasty = string.Concat(Enumerable.Repeat("[1] - 1 (", 40));
        Assert.Null(RedditTitleParser.Parse(nasty));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
            RedditTitleParser.Parse(string.Concat(Enumerable.Repeat("1 - 1 - 1' ", 36)));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    // ---------- properties ----------

    private static readonly string[] Teams =
    [
        "Arsenal", "Chelsea", "Real Madrid", "Atlético Madrid", "Schalke 04", "Mainz 05", "1. FC Köln", "Hannover 96",
        "Paris Saint-Germain", "Man Utd", "Brighton & Hove Albion", "Borussia Mönchengladbach", "AC Milan", "São Paulo",
    ];

    private static readonly string[] Scorers =
    [
        "Bukayo Saka", "Saka", "Kylian Mbappé", "Virgil van Dijk", "N'Golo Kanté", "Son Heung-min", "Rodri", "Trent Alexander-Arnold",
        "Martin Ødegaard", "Vinícius Júnior", "E. Haaland", "",
    ];

    public sealed record Generated(string Title, string Home, string Away, int Hs, int As, ScoringSide Side, string Scorer, int Minute, int? Extra, bool Pen);

    private static Gen<Generated> TitleGen() =>
        from home in Gen.Elements(Teams)
        from away in Gen.Elements(Teams)
        from hs in Gen.Choose(0, 12)
        from aws in Gen.Choose(0, 12)
        from homeScored in Gen.Elements(true, false)
        from scorer in Gen.Elements(Scorers)
        from minute in Gen.Choose(1, 120)
        from extra in Gen.Elements<int?>(null, 1, 3, 7)
        from pen in Gen.Elements(false, true)
        from dash in Gen.Elements(" - ", "-", " – ", " —", "- ")
        from sep in Gen.Elements(" - ", " | ", " – ")
        from apostrophe in Gen.Elements("'", "’", "′", "")
        from penStyle in Gen.Choose(0, 3)
        from trailer in Gen.Elements("", " (great goal)", " [alt angle]", " + assist")
        select Build(home, away, hs, aws, homeScored, scorer, minute, extra, pen, dash, sep, apostrophe, penStyle, trailer);

    private static Generated Build(string home, string away, int hs, int aws, bool homeScored, string scorer, int minute, int? extra, bool pen,
        string dash, string sep, string apostrophe, int penStyle, string trailer)
    {
        var score = homeScored ? $"[{hs}]{dash}{aws}" : $"{hs}{dash}[{aws}]";
        var time = extra is { } x ? $"{minute}+{x}{apostrophe}" : $"{minute}{apostrophe}";
        var penBefore = pen && penStyle == 0 ? " (pen)" : pen && penStyle == 1 ? " pen" : "";
        var penAfter = pen && penStyle == 2 ? " (pen)" : pen && penStyle == 3 ? " [Penalty]" : "";
        var who = scorer.Length == 0 ? "" : scorer + penBefore + " ";
        if (scorer.Length == 0 && pen && penStyle < 2) pen = false;
        var title = $"{home} {score} {away}{sep}{who}{time}{penAfter}{trailer}";
        return new Generated(title, home, away, hs, aws, homeScored ? ScoringSide.Home : ScoringSide.Away, scorer, minute, extra, pen);
    }

    [Property(MaxTest = 500)]
    public Property Generated_titles_parse_back_to_their_parts() => Prop.ForAll(TitleGen().ToArbitrary(), g =>
    {
        var t = RedditTitleParser.Parse(g.Title);
        Assert.NotNull(t);
        Assert.Equal(g.Home, t.Home);
        Assert.Equal(g.Away, t.Away);
        Assert.Equal(g.Hs, t.HomeScore);
        Assert.Equal(g.As, t.AwayScore);
        Assert.Equal(g.Side, t.ScoringSide);
        Assert.Equal(g.Scorer, t.Scorer);
        Assert.Equal(g.Minute, t.Minute);
        Assert.Equal(g.Extra, t.Extra);
        Assert.Equal(g.Pen, t.IsPenalty);
        Assert.False(t.IsOwnGoal);
        Assert.False(t.IsShootout);
    });

    [Property(MaxTest = 300)]
    public Property Generated_titles_match_their_goal_and_not_a_different_score() => Prop.ForAll(TitleGen().ToArbitrary(), g =>
    {
        var t = RedditTitleParser.Parse(g.Title)!;
        var scoring = g.Side == ScoringSide.Home ? g.Home : g.Away;
        var goal = new GoalSearchRequest("g", 1, g.Home, g.Away, scoring, g.Scorer.Length == 0 ? "Someone Else" : g.Scorer, g.Minute, g.Extra, g.Hs, g.As, Samples.Kickoff);
        if (TextNormalizer.Normalize(g.Home) == TextNormalizer.Normalize(g.Away)) return; // same team both sides: ambiguous by construction
        Assert.True(RedditGoalMatcher.Matches(t, goal, TeamAliases.Empty, 2, out var why), why);
        Assert.False(RedditGoalMatcher.Matches(t, goal with { HomeScoreAfter = g.Hs + 1 }, TeamAliases.Empty, 2, out _), g.Title);
        Assert.False(RedditGoalMatcher.Matches(t, goal with { Minute = g.Minute + 5 }, TeamAliases.Empty, 2, out _), g.Title);
    });

    [Property(MaxTest = 1000)]
    public void Never_throws_on_arbitrary_text(string? text)
    {
        var t = RedditTitleParser.Parse(text);
        if (t is null) return;
        Assert.True(t.HomeScore is >= 0 and <= 99 && t.AwayScore is >= 0 and <= 99);
        Assert.True(t.Minute is null or >= 1 and <= 130);
        Assert.Contains(t.Home, text);
    }

    [Property(MaxTest = 300)]
    public Property Never_throws_on_title_like_noise() => Prop.ForAll(
        Gen.ArrayOf(Gen.Elements("[", "]", "(", ")", "-", " ", "1", "23", "'", "+", "Arsenal", "pen", "OG", "ET", "|", "–", "agg", ":")).Select(p => string.Concat(p)).ToArbitrary(),
        s =>
        {
            _ = RedditTitleParser.Parse(s);
        });
}
