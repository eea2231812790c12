namespace Footy.Discovery;

/// <summary>
/// Other names of teams, from configuration section <c>TeamAliases</c> (team name → list of aliases), e.g.
/// <c>"Manchester United": ["Man Utd", "Man United", "MUFC"]</c>. A team is looked up by its name or any of its
/// aliases (case- and accent-insensitive). Each team also gets its name without club-type words (FC, AFC, CF,
/// SC, AC, SV, FK, CD, UD...) when that leaves something: <c>"Arsenal FC"</c> → <c>"Arsenal"</c>. Immutable, thread-safe.
/// </summary>
public sealed class TeamAliases
{
    /// <summary>Club-type words and other words too common to identify a team on their own.</summary>
    private static readonly HashSet<string> ClubWords = new(StringComparer.Ordinal)
    {
        "fc", "afc", "cf", "sc", "ac", "as", "ss", "ssc", "sv", "vfb", "vfl", "tsg", "fk", "sk", "cd", "ud", "rc", "rcd",
        "bk", "if", "club", "calcio", "1", "the",
    };

    private static readonly HashSet<string> GenericWords = new(ClubWords.Concat(
    [
        "de", "del", "la", "le", "city", "united", "real", "sporting", "athletic", "town", "county", "rovers",
        "wanderers", "olympique", "racing", "inter", "internacional", "deportivo", "atletico", "borussia",
    ]), StringComparer.Ordinal);

    private readonly List<string[]> _groups = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public static TeamAliases Empty { get; } = new();

    private TeamAliases()
    {
    }

    /// <summary>Builds from configuration shapes such as <c>Dictionary&lt;string, string[]&gt;</c> or <c>Dictionary&lt;string, List&lt;string&gt;&gt;</c>.</summary>
    public static TeamAliases From<TList>(IEnumerable<KeyValuePair<string, TList>>? map) where TList : IEnumerable<string>?
    {
        var result = new TeamAliases();
        if (map is null) return result;
        foreach (var (team, aliases) in map)
        {
            if (string.IsNullOrWhiteSpace(team)) continue;
            var names = new List<string> { team.Trim() };
            foreach (var a in (IEnumerable<string>?)aliases ?? [])
                if (!string.IsNullOrWhiteSpace(a) && names.All(n => TextNormalizer.Normalize(n) != TextNormalizer.Normalize(a)))
                    names.Add(a.Trim());
            var index = result._groups.Count;
            result._groups.Add(names.ToArray());
            // The key itself wins over an alias of another team; first definition wins among aliases.
            var keyNorm = TextNormalizer.Normalize(team);
            result._byName[keyNorm] = index;
            foreach (var n in names.Skip(1)) result._byName.TryAdd(TextNormalizer.Normalize(n), index);
        }
        return result;
    }

    /// <summary>
    /// The names to use for <paramref name="team"/>: the team as given, then its configured group (key and
    /// aliases, in configuration order), then the name without club-type words. Distinct by normalised form.
    /// </summary>
    public IReadOnlyList<string> NamesOf(string? team)
    {
        var result = new List<string>();
        void Add(string? n)
        {
            if (string.IsNullOrWhiteSpace(n)) return;
            var norm = TextNormalizer.Normalize(n);
            if (norm.Length == 0 || result.Any(r => TextNormalizer.Normalize(r) == norm)) return;
            result.Add(n.Trim());
        }
        Add(team);
        if (team is null) return result;
        if (_byName.TryGetValue(TextNormalizer.Normalize(team), out var g))
            foreach (var n in _groups[g]) Add(n);
        foreach (var n in result.ToArray()) Add(WithoutClubWords(n));
        return result;
    }

    /// <summary>The shortest convenient name for queries: the name without club-type words if that leaves something, else the name.</summary>
    public string ShortName(string team) => WithoutClubWords(team) ?? team.Trim();

    /// <summary>
    /// Whether <paramref name="candidate"/> (a team as written in a post title) names <paramref name="team"/>:
    /// equal to one of <see cref="NamesOf"/> after normalisation, or the words of one contain all the words of the other
    /// and the smaller one has a word that is not generic (so "Koln" names "1. FC Köln" but "United" names nobody).
    /// </summary>
    public bool Matches(string? candidate, string? team)
    {
        var c = TextNormalizer.Words(candidate);
        if (c.Length == 0 || string.IsNullOrWhiteSpace(team)) return false;
        var cSet = c.ToHashSet(StringComparer.Ordinal);
        foreach (var name in NamesOf(team))
        {
            var n = TextNormalizer.Words(name).ToHashSet(StringComparer.Ordinal);
            if (n.Count == 0) continue;
            if (n.SetEquals(cSet)) return true;
            var (small, large) = n.Count <= cSet.Count ? (n, cSet) : (cSet, n);
            if (small.IsSubsetOf(large) && small.Any(w => !GenericWords.Contains(w) && !w.All(char.IsDigit))) return true;
        }
        return false;
    }

    private static string? WithoutClubWords(string? team)
    {
        if (string.IsNullOrWhiteSpace(team)) return null;
        var tokens = team.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        static bool IsClub(string t) => ClubWords.Contains(TextNormalizer.Normalize(t)) || t.Trim('.').All(char.IsDigit) && t.Length <= 2 && t.EndsWith('.');
        while (tokens.Count > 1 && IsClub(tokens[0])) tokens.RemoveAt(0);
        while (tokens.Count > 1 && IsClub(tokens[^1])) tokens.RemoveAt(tokens.Count - 1);
        if (tokens.Count == 0 || IsClub(tokens[0])) return null;
        var result = string.Join(' ', tokens);
        return result.Length >= 3 ? result : null;
    }
}
