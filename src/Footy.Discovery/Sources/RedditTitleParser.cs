using System.Globalization;
using System.Text.RegularExpressions;

namespace Footy.Discovery;

public enum ScoringSide
{
    Home,
    Away,
}

/// <summary>
/// An r/soccer goal-clip title taken apart. Scores are the score after the goal; the bracketed one is the side that
/// scored. <see cref="Minute"/>/<see cref="Extra"/> as written ("90+3'" → 90, 3; "105' (ET)" → 105, null); null
/// when the title has none. <see cref="Scorer"/> is empty when the title names nobody.
/// </summary>
public sealed record RedditGoalTitle(
    string Home,
    string Away,
    int HomeScore,
    int AwayScore,
    ScoringSide ScoringSide,
    string Scorer,
    int? Minute,
    int? Extra,
    bool IsPenalty,
    bool IsOwnGoal,
    bool IsExtraTime,
    bool IsShootout)
{
    public int? MinuteOrdinal => Minute is { } m ? m + (Extra ?? 0) : null;
}

/// <summary>
/// Parses r/soccer goal titles: <c>Home [h] - a Away - Scorer 67'</c> and <c>Home h - [a] Away - Scorer 90+3'</c>, with
/// the variations seen in the wild: no spaces around the dash, en/em dashes, typographic apostrophes (’ ′), <c>90'+3</c>,
/// no apostrophe, <c>|</c> as the separator, notes in brackets or parentheses anywhere after the score
/// (<c>(pen)</c>, <c>[OG]</c>, <c>(ET)</c>, <c>(great goal)</c>, <c>[4-2 on agg.]</c>), <c>pen</c>/<c>penalty</c>/<c>OG</c>/<c>own goal by</c>
/// words next to the name, trailing text after the minute ("+ assist ..."), team names with digits
/// (<c>Schalke 04</c>, <c>1. FC Köln</c>, <c>Mainz 05</c>). Exactly one side of the score must be bracketed. A minute
/// written in extra time as <c>15' ET</c> (at most 30 with an ET mark) is read as 90 + 15 = 105. Never throws;
/// titles over 400 characters are refused. Thread-safe.
/// </summary>
public static partial class RedditTitleParser
{
    public const int MaxTitleLength = 400;

    public static RedditGoalTitle? Parse(string? title) => TryParse(title, out var r) ? r : null;

    public static bool TryParse(string? title, out RedditGoalTitle? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitleLength) return false;
        try
        {
            result = ParseCore(Clean(title));
            return result is not null;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Clean(string title)
    {
        var chars = title.Select(c => c switch
        {
            '–' or '—' or '−' or '‒' or '―' => '-',
            '’' or '′' or '´' or '‘' or '`' or 'ʼ' => '\'',
            '＋' => '+',
            _ when char.IsWhiteSpace(c) || char.IsControl(c) => ' ',
            _ => c,
        }).ToArray();
        return MultiSpace().Replace(new string(chars), " ").Trim();
    }

    private static RedditGoalTitle? ParseCore(string title)
    {
        Match? score = null;
        for (var m = Score().Match(title); m.Success; m = m.NextMatch())
        {
            var hb = m.Groups["hs"].Value.StartsWith('[');
            var ab = m.Groups["as"].Value.StartsWith('[');
            if (hb == ab) continue;
            score = m;
            break;
        }
        if (score is null) return null;

        var home = TrimTeam(title[..score.Index]);
        if (!home.Any(char.IsLetter)) return null;
        var hs = int.Parse(score.Groups["hs"].Value.Trim('[', ']', ' '), CultureInfo.InvariantCulture);
        var aws = int.Parse(score.Groups["as"].Value.Trim('[', ']', ' '), CultureInfo.InvariantCulture);
        var side = score.Groups["hs"].Value.StartsWith('[') ? ScoringSide.Home : ScoringSide.Away;

        var rest = title[(score.Index + score.Length)..];

        // Notes in brackets/parentheses after the score: remember what they say, then drop them.
        var penalty = false;
        var ownGoal = false;
        var extraTime = false;
        var shootout = false;
        rest = Note().Replace(rest, m =>
        {
            var note = m.Groups["n"].Value;
            if (NoteScore().IsMatch(note))
            {
                if (PenWord().IsMatch(note) || ShootoutWord().IsMatch(note)) shootout = true;
                return " ";
            }
            if (PenWord().IsMatch(note) || note.Trim().Equals("p", StringComparison.OrdinalIgnoreCase)) penalty = true;
            if (OgWord().IsMatch(note)) ownGoal = true;
            if (EtWordAnyCase().IsMatch(note)) extraTime = true;
            if (ShootoutWord().IsMatch(note)) shootout = true;
            return " ";
        });
        rest = MultiSpace().Replace(rest, " ");

        var sep = Separator().Match(rest);
        if (!sep.Success) return null;
        var away = TrimTeam(rest[..sep.Index]);
        if (!away.Any(char.IsLetter)) return null;
        var scorerPart = rest[(sep.Index + sep.Length)..].Trim();

        if (ShootoutWord().IsMatch(scorerPart)) shootout = true;
        if (OgWord().IsMatch(scorerPart)) ownGoal = true;
        if (EtWord().IsMatch(scorerPart) || ExtraTimeWords().IsMatch(scorerPart)) extraTime = true;

        int? minute = null, extra = null;
        var nameText = scorerPart;
        foreach (var pattern in new[] { MinuteWithExtra(), MinuteMarked(), MinuteBareAtEnd(), MinuteBare() })
        {
            var mm = pattern.Match(scorerPart);
            if (!mm.Success) continue;
            var min = int.Parse(mm.Groups["m"].Value, CultureInfo.InvariantCulture);
            var ex = mm.Groups["x"].Success ? int.Parse(mm.Groups["x"].Value, CultureInfo.InvariantCulture) : (int?)null;
            if (min is < 1 or > 130 || ex is > 30) continue;
            minute = min;
            extra = ex;
            nameText = scorerPart[..mm.Index];
            break;
        }
        // Penalty words count only next to the name (after the minute they may describe something else, e.g. "pen won by X").
        if (PenWord().IsMatch(nameText) || (minute is not null && PenRightAfterMinute().IsMatch(scorerPart))) penalty = true;
        if (extraTime && minute is <= 30) minute += 90;

        var scorer = FlagWords().Replace(nameText, " ");
        scorer = WithDigits().Replace(scorer, " ");
        scorer = MultiSpace().Replace(scorer, " ").Trim(' ', ',', ';', ':', '-', '|', '+', '\'', '"', '.', '!');
        if (!scorer.Any(char.IsLetter)) scorer = string.Empty;
        if (scorer.Length > 100) scorer = scorer[..100];

        return new RedditGoalTitle(home, away, hs, aws, side, scorer, minute, extra, penalty, ownGoal, extraTime, shootout);
    }

    [GeneratedRegex(@"\S*\d\S*", RegexOptions.None, TimeoutMs)]
    private static partial Regex WithDigits();

    private static string TrimTeam(string s) => s.Trim(' ', '-', '|', ':', ',', '*');

    private const int TimeoutMs = 2000;

    [GeneratedRegex(@" {2,}", RegexOptions.None, TimeoutMs)]
    private static partial Regex MultiSpace();

    [GeneratedRegex(@"(?<hs>\[ ?\d{1,2} ?\]|(?<![\p{L}\p{N}.])\d{1,2}) ?- ?(?<as>\[ ?\d{1,2} ?\]|\d{1,2}(?![\p{L}\p{N}]))", RegexOptions.None, TimeoutMs)]
    private static partial Regex Score();

    [GeneratedRegex(@"[\[(](?<n>[^\[\]()]{0,80})[\])]", RegexOptions.None, TimeoutMs)]
    private static partial Regex Note();

    [GeneratedRegex(@"\d{1,2} ?[-:] ?\d{1,2}|\bagg", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex NoteScore();

    [GeneratedRegex(@" (?:-|\|) | (?:-|\|)$|(?<=\p{L}): ", RegexOptions.None, TimeoutMs)]
    private static partial Regex Separator();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:pen|pens|penalty|penalti)(?![\p{L}\p{N}])\.?", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex PenWord();

    private static Regex PenRightAfterMinute() => PenRightAfterMinuteRegex();

    [GeneratedRegex(@"\d ?'? ?(?:pen|penalty)(?![\p{L}])", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex PenRightAfterMinuteRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:og|o\.g\.?|own[ -]goal)(?![\p{L}\p{N}])", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex OgWord();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])ET(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])a\.?e\.?t\.?(?![\p{L}\p{N}])", RegexOptions.None, TimeoutMs)]
    private static partial Regex EtWord();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:et|a\.?e\.?t\.?|extra[ -]time)(?![\p{L}\p{N}])", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex EtWordAnyCase();

    [GeneratedRegex(@"extra[ -]time", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex ExtraTimeWords();

    [GeneratedRegex(@"shoot-?out|penalties|on pens", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex ShootoutWord();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<m>\d{1,3}) ?'? ?\+ ?(?<x>\d{1,2})(?![\p{N}])'?", RegexOptions.None, TimeoutMs)]
    private static partial Regex MinuteWithExtra();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<m>\d{1,3}) ?(?:'|mins?(?![\p{L}]))", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex MinuteMarked();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<m>\d{1,3}) ?(?:(?:pen|penalty|og|et|aet)\.? ?)?$", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex MinuteBareAtEnd();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<m>\d{1,3})(?![\p{L}\p{N}])", RegexOptions.None, TimeoutMs)]
    private static partial Regex MinuteBare();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:own[ -]goal(?: by)?|penalty(?: by)?|pen\.?|og|o\.g\.?|ET|a\.?e\.?t\.?|extra[ -]time|goal by|goal|great|amazing|incredible|stunning|stunner|screamer|brilliant|wonderful|fantastic|solo|header|volley|free[ -]?kick|brace|hat[ -]?trick|second|first|third)(?![\p{L}\p{N}])", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex FlagWords();
}
