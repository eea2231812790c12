namespace Footy.Discovery.Tests;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Mbappé's 2-1!", "mbappe s 2 1")]
    [InlineData("  MBAPPE   S 2 1 ", "mbappe s 2 1")]
    [InlineData("Ødegaard", "odegaard")]
    [InlineData("Gündoğan", "gundogan")]
    [InlineData("Müller, Thomas", "muller thomas")]
    [InlineData("Łukasz Fabiański", "lukasz fabianski")]
    [InlineData("Weißbier", "weissbier")]
    [InlineData("Þórir Hallgrímsson", "thorir hallgrimsson")]
    [InlineData("İlkay", "ilkay")]
    [InlineData("#ARGFRA @someone https://t.co/x", "argfra someone https t co x")]
    [InlineData("🔥🔥 GOAL 🔥", "goal")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalises_case_accents_and_punctuation(string? input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Strip_accents_keeps_case_and_punctuation()
    {
        Assert.Equal("Julian Alvarez", TextNormalizer.StripAccents("Julián Álvarez"));
        Assert.Equal("Odegaard", TextNormalizer.StripAccents("Ødegaard"));
        Assert.Equal("N'Golo Kante", TextNormalizer.StripAccents("N'Golo Kanté"));
    }

    [Fact]
    public void Word_and_phrase_matching_is_whole_word()
    {
        Assert.True(TextNormalizer.ContainsAllWords("Messi from the spot! Argentina 1-0 France #ARGFRA", "messi ARGENTINA"));
        Assert.True(TextNormalizer.ContainsAllWords("Mbappé!!", "mbappe"));
        Assert.False(TextNormalizer.ContainsAllWords("Manchester United", "Man"));
        Assert.False(TextNormalizer.ContainsAllWords("anything", "  "));
        Assert.True(TextNormalizer.ContainsPhrase("Goal by Virgil van Dijk!", "Van Dijk"));
        Assert.False(TextNormalizer.ContainsPhrase("Dijk van Virgil", "van dijk"));
    }

    [Fact]
    public void Huge_input_is_cut_not_choked_on()
    {
        var huge = new string('a', 1_000_000);
        Assert.Equal(TextNormalizer.MaxInputChars, TextNormalizer.Normalize(huge).Length);
    }
}

public sealed class ScorerNameTests
{
    [Theory]
    [InlineData("L. Messi", "Messi", "Messi")]
    [InlineData("Lionel Messi", "Messi", "Lionel Messi")]
    [InlineData("Bukayo Saka", "Saka", "Bukayo Saka")]
    [InlineData("Virgil van Dijk", "van Dijk", "Virgil van Dijk")]
    [InlineData("V. van Dijk", "van Dijk", "van Dijk")]
    [InlineData("K. De Bruyne", "De Bruyne", "De Bruyne")]
    [InlineData("Ángel Di María", "Di Maria", "Angel Di Maria")]
    [InlineData("Vinícius Júnior", "Vinicius", "Vinicius")]
    [InlineData("Ben White", "White", "Ben White")]
    [InlineData("Wissam Ben Yedder", "Ben Yedder", "Wissam Ben Yedder")]
    [InlineData("T. Alexander-Arnold", "Alexander-Arnold", "Alexander-Arnold")]
    [InlineData("Rodri", "Rodri", "Rodri")]
    [InlineData("J.M. Giménez", "Gimenez", "Gimenez")]
    [InlineData("Ø. Nusa", "Nusa", "Nusa")]
    public void Finds_surname_and_full_name(string name, string surname, string full)
    {
        var n = ScorerName.Parse(name);
        Assert.Equal(surname, n.Surname);
        Assert.Equal(full, n.Full);
        Assert.Equal(surname, n.Variants[0]);
    }

    [Fact]
    public void Variants_include_surname_first()
    {
        Assert.Equal(["Saka", "Bukayo Saka", "Saka Bukayo"], ScorerName.Parse("Bukayo Saka").Variants);
        Assert.Equal(["Messi"], ScorerName.Parse("L. Messi").Variants);
        Assert.Equal(["Heung-Min", "Son Heung-Min", "Heung-Min Son"], ScorerName.Parse("Son Heung-Min").Variants);
    }

    [Theory]
    [InlineData("L. Messi", "Lionel Messi", true)]
    [InlineData("L. Messi", "Messi", true)]
    [InlineData("L. Messi", "MESSI", true)]
    [InlineData("B. Saka", "Bukayo Saka", true)]
    [InlineData("Bukayo Saka", "Saka stunner", true)]
    [InlineData("Son Heung-Min", "Heung-min Son", true)]
    [InlineData("Son Heung-Min", "Son", true)]
    [InlineData("K. Mbappé", "Kylian Mbappe", true)]
    [InlineData("Vinícius Júnior", "Vinicius Jr", true)]
    [InlineData("Virgil van Dijk", "Van Dijk", true)]
    [InlineData("M. Ødegaard", "Martin Odegaard", true)]
    [InlineData("L. Messi", "Julian Alvarez", false)]
    [InlineData("Ben White", "Ben Davies", false)]
    [InlineData("Gabriel Jesus", "Gabriel Martinelli", false)]
    [InlineData("Unknown", "Unknown", false)]
    [InlineData("", "", false)]
    [InlineData("L.", "L. Messi", false)]
    public void Matches_other_spellings(string a, string b, bool expected)
    {
        Assert.Equal(expected, ScorerName.Parse(a).Matches(b));
        Assert.Equal(expected, ScorerName.Parse(b).Matches(a));
    }
}

public sealed class TeamAliasesTests
{
    private static readonly TeamAliases Aliases = TeamAliases.From(new Dictionary<string, string[]>
    {
        ["Manchester United"] = ["Man Utd", "Man United", "MUFC"],
        ["Manchester City"] = ["Man City"],
        ["Paris Saint Germain"] = ["PSG", "Paris SG"],
    });

    [Fact]
    public void Names_of_a_team_include_configuration_and_short_forms()
    {
        Assert.Equal(["Manchester United", "Man Utd", "Man United", "MUFC"], Aliases.NamesOf("Manchester United"));
        Assert.Equal(["Man Utd", "Manchester United", "Man United", "MUFC"], Aliases.NamesOf("Man Utd"));
        Assert.Equal(["Arsenal FC", "Arsenal"], Aliases.NamesOf("Arsenal FC"));
        Assert.Equal(["1. FC Köln", "Köln"], Aliases.NamesOf("1. FC Köln"));
        Assert.Equal(["AC Milan", "Milan"], Aliases.NamesOf("AC Milan"));
        Assert.Equal(["Schalke 04"], Aliases.NamesOf("Schalke 04"));
        Assert.Equal("Arsenal", Aliases.ShortName("Arsenal FC"));
    }

    [Theory]
    [InlineData("Man Utd", "Manchester United", true)]
    [InlineData("man united", "Manchester United", true)]
    [InlineData("MUFC", "Manchester United", true)]
    [InlineData("Man City", "Manchester United", false)]
    [InlineData("Manchester City", "Manchester United", false)]
    [InlineData("PSG", "Paris Saint Germain", true)]
    [InlineData("Paris Saint-Germain", "Paris Saint Germain", true)]
    [InlineData("Koln", "1. FC Köln", true)]
    [InlineData("FC Köln", "1. FC Köln", true)]
    [InlineData("Arsenal", "Arsenal FC", true)]
    [InlineData("United", "Manchester United", false)]
    [InlineData("City", "Manchester City", false)]
    [InlineData("Atletico Madrid", "Real Madrid", false)]
    [InlineData("Atlético Madrid", "Atletico Madrid", true)]
    [InlineData("Bayern München", "Bayern Munich", false)]
    [InlineData("Bayern", "Bayern Munich", true)]
    [InlineData("", "Arsenal", false)]
    public void Matches_team_names(string candidate, string team, bool expected) =>
        Assert.Equal(expected, Aliases.Matches(candidate, team));

    [Fact]
    public void Tolerates_empty_and_null_configuration()
    {
        Assert.Empty(TeamAliases.From<string[]>(null).NamesOf(null));
        var t = TeamAliases.From(new Dictionary<string, List<string>> { [""] = ["x"], ["Spurs Club"] = [null!, " ", "Spurs"] });
        Assert.Equal(["Tottenham"], t.NamesOf("Tottenham"));
        Assert.Equal(["Spurs Club", "Spurs"], t.NamesOf("Spurs Club"));
    }
}

public sealed class GoalSearchTests
{
    [Fact]
    public void Builds_short_queries_most_precise_first()
    {
        var search = new GoalSearch(TeamAliases.Empty);
        Assert.Equal(["Messi Argentina", "Messi goal", "Messi France", "Argentina France"], search.BuildQueries(Samples.Messi()));
        Assert.Equal(["Saka Arsenal", "Saka goal", "Saka Chelsea", "Arsenal Chelsea"], search.BuildQueries(Samples.Saka()));
    }

    [Fact]
    public void Uses_aliases_accent_free_names_and_the_opponent_of_an_away_goal()
    {
        var aliases = TeamAliases.From(new Dictionary<string, string[]> { ["Manchester United"] = ["Man Utd"] });
        var goal = new GoalSearchRequest("g", 1, "Atlético Madrid", "Manchester United", "Manchester United", "Bruno Fernandes", 12, null, 0, 1, Samples.Kickoff);
        var search = new GoalSearch(aliases, new GoalSearchOptions { MaxQueries = 10 });
        Assert.Equal(
            ["Fernandes Manchester United", "Fernandes goal", "Fernandes Atletico Madrid", "Fernandes Man Utd", "Bruno Fernandes", "Atletico Madrid Manchester United"],
            search.BuildQueries(goal));
        Assert.Equal(4, new GoalSearch(aliases).BuildQueries(goal).Count);
    }

    [Fact]
    public void Without_a_scorer_only_the_match_query_is_left()
    {
        var goal = Samples.Saka() with { Scorer = "Unknown" };
        Assert.Equal(["Arsenal Chelsea"], new GoalSearch(TeamAliases.Empty).BuildQueries(goal));
    }

    [Fact]
    public void Queries_are_distinct_ignoring_case_and_accents()
    {
        var goal = new GoalSearchRequest("g", 1, "Rodri", "Chelsea", "Rodri", "Rodri", 1, null, 1, 0, Samples.Kickoff);
        var q = new GoalSearch(TeamAliases.Empty, new GoalSearchOptions { MaxQueries = 20 }).BuildQueries(goal);
        Assert.Equal(q.Count, q.Select(TextNormalizer.Normalize).Distinct().Count());
        Assert.DoesNotContain("Rodri Rodri", q);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new GoalSearch(TeamAliases.Empty, new GoalSearchOptions { MaxQueries = 0 }));
        Assert.Throws<ArgumentException>(() => new GoalSearch(TeamAliases.Empty, new GoalSearchOptions { GoalWord = " " }));
    }
}
