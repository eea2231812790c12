using System.Globalization;
using System.Text;

namespace Footy.Discovery;

/// <summary>
/// The one text normalisation every matcher in discovery uses (queries, Reddit titles, scorer and team names):
/// Unicode-decomposed, accents and other combining marks dropped, a few letters without a decomposition folded
/// (ø→o, ß→ss, æ→ae, œ→oe, ł→l, đ/ð→d, þ→th, ı→i, ħ→h), lower-cased (invariant culture), and every run of
/// characters that are not letters or digits turned into one space. So <c>"Mbappé's 2-1!"</c> and
/// <c>"MBAPPE S 2 1"</c> normalise to the same <c>"mbappe s 2 1"</c>. Pure and thread-safe.
/// </summary>
/// <remarks>The replay server (<c>Footy.Recordings</c>) carries a copy of the same rules for its search endpoint.</remarks>
public static class TextNormalizer
{
    /// <summary>Longest input read; anything after it is ignored (titles and posts are far shorter).</summary>
    public const int MaxInputChars = 8192;

    /// <summary>Lower-case, accent-free words separated by single spaces; empty for null/blank input.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text.Length > MaxInputChars) text = text[..MaxInputChars];
        var decomposed = SafeNormalize(text, NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            var fold = Fold(ch);
            if (fold is not null)
            {
                AppendWord(sb, fold.ToLowerInvariant(), ref pendingSpace);
                continue;
            }
            if (char.IsLetterOrDigit(ch))
            {
                AppendWord(sb, char.ToLowerInvariant(ch), ref pendingSpace);
                continue;
            }
            pendingSpace = sb.Length > 0;
        }
        return sb.ToString();
    }

    /// <summary>Removes accents (and folds ø, ß, æ...) but keeps case, spaces and punctuation: <c>"Julián Álvarez"</c> → <c>"Julian Alvarez"</c>.</summary>
    public static string StripAccents(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text.Length > MaxInputChars) text = text[..MaxInputChars];
        var decomposed = SafeNormalize(text, NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            var fold = Fold(ch);
            if (fold is null) sb.Append(ch);
            else if (char.IsUpper(ch)) sb.Append(char.ToUpperInvariant(fold[0])).Append(fold.AsSpan(1));
            else sb.Append(fold);
        }
        return SafeNormalize(sb.ToString(), NormalizationForm.FormC);
    }

    /// <summary><see cref="string.Normalize(NormalizationForm)"/>, with lone surrogates (which make it throw) replaced by U+FFFD first.</summary>
    internal static string SafeNormalize(string text, NormalizationForm form)
    {
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
                else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
            }
            return new string(chars).Normalize(form);
        }
    }

    /// <summary>The words of <see cref="Normalize"/>.</summary>
    public static string[] Words(string? text)
    {
        var n = Normalize(text);
        return n.Length == 0 ? [] : n.Split(' ');
    }

    /// <summary>True when every word of <paramref name="query"/> is a word of <paramref name="text"/> (whole words, any order); false for a query without words.</summary>
    public static bool ContainsAllWords(string? text, string? query)
    {
        var q = Words(query);
        if (q.Length == 0) return false;
        var t = new HashSet<string>(Words(text), StringComparer.Ordinal);
        return q.All(t.Contains);
    }

    /// <summary>True when the words of <paramref name="phrase"/> appear consecutively, as whole words, in <paramref name="text"/>.</summary>
    public static bool ContainsPhrase(string? text, string? phrase)
    {
        var p = Normalize(phrase);
        if (p.Length == 0) return false;
        var t = Normalize(text);
        return (" " + t + " ").Contains(" " + p + " ", StringComparison.Ordinal);
    }

    private static void AppendWord(StringBuilder sb, char c, ref bool pendingSpace)
    {
        if (pendingSpace) sb.Append(' ');
        pendingSpace = false;
        sb.Append(c);
    }

    private static void AppendWord(StringBuilder sb, string s, ref bool pendingSpace)
    {
        if (pendingSpace) sb.Append(' ');
        pendingSpace = false;
        sb.Append(s);
    }

    private static string? Fold(char ch) => ch switch
    {
        'ø' => "o", 'Ø' => "O",
        'ß' => "ss", 'ẞ' => "SS",
        'æ' => "ae", 'Æ' => "AE",
        'œ' => "oe", 'Œ' => "OE",
        'ł' => "l", 'Ł' => "L",
        'đ' => "d", 'Đ' => "D",
        'ð' => "d", 'Ð' => "D",
        'þ' => "th", 'Þ' => "TH",
        'ı' => "i",
        'ħ' => "h", 'Ħ' => "H",
        _ => null,
    };
}
