namespace Footy.Discovery;

/// <summary>Settings of <see cref="GoalSearch"/>.</summary>
public sealed class GoalSearchOptions
{
    /// <summary>Most queries built per goal (each one is a search-service call per attempt).</summary>
    public int MaxQueries { get; set; } = 4;

    /// <summary>Word appended to the surname for the "goal" query (e.g. "gol" for a Spanish audience).</summary>
    public string GoalWord { get; set; } = "goal";

    public void Validate()
    {
        if (MaxQueries is < 1 or > 20) throw new ArgumentException("Discovery:Queries:MaxQueries must be between 1 and 20");
        if (string.IsNullOrWhiteSpace(GoalWord)) throw new ArgumentException("Discovery:Queries:GoalWord must not be empty");
    }
}

/// <summary>
/// Builds the search queries and the text matchers for one goal. Queries are short (2-4 words), accent-free, and
/// ordered most precise first:
/// <list type="number">
/// <item><c>"{surname} {scoring team}"</c> — "Messi Argentina"</item>
/// <item><c>"{surname} goal"</c> — "Messi goal"</item>
/// <item><c>"{surname} {opponent}"</c> — "Messi France"</item>
/// <item><c>"{surname} {alias}"</c> for each configured alias of the scoring team — "Rashford Man Utd"</item>
/// <item><c>"{full name}"</c> when it differs from the surname — "Bukayo Saka"</item>
/// <item><c>"{home} {away}"</c> — "Argentina France"</item>
/// </list>
/// cut to <see cref="GoalSearchOptions.MaxQueries"/> and de-duplicated (case- and accent-insensitive).
/// Team names use <see cref="TeamAliases.ShortName"/> ("Arsenal FC" → "Arsenal"). Thread-safe.
/// </summary>
public sealed class GoalSearch
{
    private readonly GoalSearchOptions _options;

    public GoalSearch(TeamAliases aliases, GoalSearchOptions? options = null)
    {
        Aliases = aliases ?? throw new ArgumentNullException(nameof(aliases));
        _options = options ?? new GoalSearchOptions();
        _options.Validate();
    }

    public TeamAliases Aliases { get; }

    public IReadOnlyList<string> BuildQueries(GoalSearchRequest goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var scorer = ScorerName.Parse(goal.Scorer);
        var scoring = Strip(Aliases.ShortName(goal.ScoringTeam));
        var opponentName = TeamsEqual(goal.ScoringTeam, goal.HomeTeam) ? goal.AwayTeam : goal.HomeTeam;
        var opponent = Strip(Aliases.ShortName(opponentName));
        var home = Strip(Aliases.ShortName(goal.HomeTeam));
        var away = Strip(Aliases.ShortName(goal.AwayTeam));

        var queries = new List<string>();
        void Add(string q)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            q = string.Join(' ', q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => seen.Add(TextNormalizer.Normalize(w))));
            if (TextNormalizer.Normalize(q).Length == 0) return;
            if (queries.Any(x => TextNormalizer.Normalize(x) == TextNormalizer.Normalize(q))) return;
            queries.Add(q);
        }

        if (!scorer.IsEmpty)
        {
            var s = scorer.Surname;
            Add($"{s} {scoring}");
            Add($"{s} {_options.GoalWord}");
            Add($"{s} {opponent}");
            foreach (var alias in Aliases.NamesOf(goal.ScoringTeam).Skip(1))
                Add($"{s} {Strip(alias)}");
            if (scorer.Full != scorer.Surname) Add(scorer.Full);
        }
        Add($"{home} {away}");
        return queries.Take(_options.MaxQueries).ToList();
    }

    /// <summary>Whether two team names (or aliases) name the same team.</summary>
    public bool TeamsEqual(string? a, string? b) =>
        a is not null && b is not null && (TextNormalizer.Normalize(a) == TextNormalizer.Normalize(b) || Aliases.Matches(a, b));

    private static string Strip(string s) => TextNormalizer.StripAccents(s).Trim();
}
