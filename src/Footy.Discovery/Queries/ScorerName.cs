namespace Footy.Discovery;

/// <summary>
/// Name variants of a player, built from the API's spelling. Accents are stripped everywhere.
/// <list type="bullet">
/// <item><c>"L. Messi"</c>: surname <c>"Messi"</c>; variants <c>["Messi"]</c>.</item>
/// <item><c>"Bukayo Saka"</c>: surname <c>"Saka"</c>; variants <c>["Saka", "Bukayo Saka", "Saka Bukayo"]</c>.</item>
/// <item><c>"Virgil van Dijk"</c>: surname <c>"van Dijk"</c> (particles van, de, di, da, dos, ter, von, el, al... stay with it).</item>
/// <item><c>"Vinícius Júnior"</c>: suffixes (Junior, Jr, Filho, Neto, Sobrinho, II, III) are dropped: surname <c>"Vinicius"</c>.</item>
/// </list>
/// <see cref="Matches(string?)"/> compares two spellings of a name: they match when the significant words (normalised,
/// without initials, particles and suffixes) of one are all among those of the other, or the surname words of one are
/// all among the words of the other (so extra words such as "Saka stunner" do not hide the name); hence <c>"Saka"</c>,
/// <c>"B. Saka"</c> and <c>"Bukayo Saka"</c> match each other and <c>"Heung-Min Son"</c> matches <c>"Son Heung-min"</c>.
/// </summary>
public sealed record ScorerName
{
    /// <summary>Particles that start a surname wherever they stand ("van Dijk", "De Bruyne").</summary>
    private static readonly HashSet<string> StrongParticles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "da", "das", "do", "dos", "di", "del", "della", "des", "du",
        "la", "le", "ter", "ten", "el", "al",
    };

    /// <summary>Words that join a surname only after a given name ("Wissam Ben Yedder", not "Ben White"); never significant.</summary>
    private static readonly HashSet<string> Particles = new(StrongParticles.Concat(["bin", "ben", "y", "e"]), StringComparer.Ordinal);

    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal)
    {
        "jr", "junior", "filho", "neto", "sobrinho", "sr", "ii", "iii",
    };

    private ScorerName(string original, string surname, string full, IReadOnlyList<string> variants, IReadOnlySet<string> significant)
    {
        SurnameWords = TextNormalizer.Words(surname).Where(w => w.Length > 1 && !Particles.Contains(w) && !Suffixes.Contains(w)).ToHashSet(StringComparer.Ordinal);
        Original = original;
        Surname = surname;
        Full = full;
        Variants = variants;
        SignificantWords = significant;
    }

    /// <summary>The name as given.</summary>
    public string Original { get; }

    /// <summary>Accent-free surname, display case: <c>"Messi"</c>, <c>"van Dijk"</c>, <c>"Alexander-Arnold"</c>.</summary>
    public string Surname { get; }

    /// <summary>Accent-free name without initials and suffixes: <c>"L. Messi"</c> → <c>"Messi"</c>; <c>"Bukayo Saka"</c> unchanged.</summary>
    public string Full { get; }

    /// <summary>Distinct display variants, most useful first: surname, full name, surname first.</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <summary>Normalised words that identify the player (no initials, particles or suffixes).</summary>
    public IReadOnlySet<string> SignificantWords { get; }

    /// <summary>Significant words of <see cref="Surname"/>.</summary>
    public IReadOnlySet<string> SurnameWords { get; }

    /// <summary>True when the name has no usable word (empty, "Unknown", only initials).</summary>
    public bool IsEmpty => SignificantWords.Count == 0;

    public static ScorerName Parse(string? name)
    {
        var original = name ?? string.Empty;
        var text = TextNormalizer.StripAccents(original.Length > 200 ? original[..200] : original);
        var tokens = text.Split([' ', '\t', '\n', '\r', '\u00A0'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim(',', ';', '(', ')', '"', '“', '”'))
            .Where(t => t.Length > 0)
            .ToList();

        // Initials: "L.", "L", "J.M.", "Á.".
        var core = tokens.Where(t => !IsInitial(t)).ToList();
        if (core.Count > 1 && Suffixes.Contains(TextNormalizer.Normalize(core[^1]))) core.RemoveAt(core.Count - 1);
        if (core.Count == 1 && string.Equals(TextNormalizer.Normalize(core[0]), "unknown", StringComparison.Ordinal)) core.Clear();

        var significant = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in core)
            foreach (var w in TextNormalizer.Words(t))
                if (w.Length > 1 && !Particles.Contains(w) && !Suffixes.Contains(w))
                    significant.Add(w);

        if (core.Count == 0)
            return new ScorerName(original, string.Empty, string.Empty, [], significant);

        var start = core.Count - 1;
        while (start > 0)
        {
            var before = TextNormalizer.Normalize(core[start - 1]);
            var joins = start - 1 > 0 ? Particles.Contains(before) && before is not ("y" or "e") : StrongParticles.Contains(before);
            if (!joins) break;
            start--;
        }
        var surname = string.Join(' ', core.Skip(start));
        var given = string.Join(' ', core.Take(start));
        var full = string.Join(' ', core);

        var variants = new List<string>();
        void Add(string v)
        {
            if (v.Length > 0 && variants.All(x => TextNormalizer.Normalize(x) != TextNormalizer.Normalize(v))) variants.Add(v);
        }
        Add(surname);
        Add(full);
        if (given.Length > 0) Add(surname + " " + given);
        return new ScorerName(original, surname, full, variants, significant);
    }

    /// <summary>Whether <paramref name="other"/> names the same player (see the type's remarks). Two empty names never match.</summary>
    public bool Matches(string? other) => Matches(Parse(other));

    public bool Matches(ScorerName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsEmpty || other.IsEmpty) return false;
        return SignificantWords.IsSubsetOf(other.SignificantWords) || other.SignificantWords.IsSubsetOf(SignificantWords)
               || (SurnameWords.Count > 0 && SurnameWords.IsSubsetOf(other.SignificantWords))
               || (other.SurnameWords.Count > 0 && other.SurnameWords.IsSubsetOf(SignificantWords));
    }

    private static bool IsInitial(string token)
    {
        var letters = token.Count(char.IsLetter);
        if (letters == 0) return true;
        if (letters == 1 && token.All(c => char.IsLetter(c) || c == '.')) return true;           // "L." or "L"
        return token.EndsWith('.') && token.Split('.', StringSplitOptions.RemoveEmptyEntries).All(p => p.Length == 1); // "J.M."
    }
}
