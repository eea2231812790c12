using Footy.Media.Synthetic;

namespace Footy.Scenarios;

/// <summary>
/// A short evening of two overlapping matches built to expose a daemon that mishandles upstream faults. The data
/// alone (no fault) already holds the API's quirks: events listed out of order, a fixture that vanishes from the
/// answers and comes back, statuses going backwards (2H to HT, FT to 2H, and NS or PST in the middle of a match).
/// <see cref="WithRecordedFaults"/> adds the faults a recording can hold; <see cref="Storm"/> is the window in
/// which the fault tests break the upstream. Around it nothing changes, so the outcome does not depend on which
/// polls the circuit breaker refused, except by design: <see cref="TrapGoalKey"/> is shown in the two polls before
/// the storm and gone after it, so a daemon that counted a failed poll as a sighting confirms (and then cancels) it.
/// </summary>
public static class UpstreamFaultDays
{
    public const int ArsenalChelsea = 1_900_001;
    public const int LiverpoolEverton = 1_900_002;
    public const string TrapGoalKey = "palmer-trap";

    /// <summary>Polls in which the upstream fails (recorded, or served by a fault-injecting server).</summary>
    public static readonly (int From, int To) Storm = (32, 43);

    /// <summary>The evening with the data quirks only: every poll answers.</summary>
    public static DayScenario Evening()
    {
        var start = new DateTimeOffset(2025, 3, 8, 17, 20, 0, TimeSpan.Zero);
        var kickoff = start.AddMinutes(10); // poll 21
        var day = new DayScenario("upstream faults evening", start, pollCount: 130);

        var arsenal = new Team(42, "Arsenal");
        var chelsea = new Team(49, "Chelsea");
        var a = new MatchScenario(ArsenalChelsea)
            .InLeague(39, "Premier League", "England", 2024, "Regular Season - 27")
            .Between(arsenal, chelsea)
            .KickoffAt(kickoff)
            .At(494, "Emirates Stadium", "London")
            .Status(21, "1H").Status(51, "HT").Status(61, "2H")
            .Status(75, "HT").Status(76, "2H") // half-time again for one poll
            .Status(110, "FT").Status(111, "2H").Status(112, "FT") // a premature FT, then play, then the real end
            .Goal("saka", 25, Side.Home, Player.Of(1460, "B. Saka"), 3)
            .Goal(TrapGoalKey, 30, Side.Away, Player.Of(152982, "C. Palmer"), 6)
            .Remove(TrapGoalKey, Storm.To + 1)
            .Goal("rice", 50, Side.Home, Player.Of(2937, "D. Rice"), 15, assist: Player.Of(1460, "B. Saka"))
            .Goal("jackson", 80, Side.Away, Player.Of(283058, "N. Jackson"), 62)
            .Card(85, Side.Away, Player.Of(283058, "N. Jackson"), 64)
            .Goal("havertz", 100, Side.Home, Player.Of(978, "K. Havertz"), 82);

        var b = new MatchScenario(LiverpoolEverton)
            .InLeague(39, "Premier League", "England", 2024, "Regular Season - 27")
            .Between(new Team(40, "Liverpool"), new Team(45, "Everton"))
            .KickoffAt(kickoff)
            .At(550, "Anfield", "Liverpool")
            .Status(21, "1H").Status(51, "HT").Status(61, "2H")
            .Status(90, "NS").Status(91, "2H") // not started again, for one poll
            .Status(95, "PST").Status(96, "2H") // postponed in the middle of the second half, for one poll
            .Status(115, "FT")
            .Goal("salah", 40, Side.Home, Player.Of(306, "M. Salah"), 10)
            .Goal("calvert-lewin", 55, Side.Away, Player.Of(18766, "D. Calvert-Lewin"), 25)
            .Goal("gakpo", 100, Side.Home, Player.Of(247, "C. Gakpo"), 70);

        return day.Add(a).Add(b)
            .Vanish(LiverpoolEverton, 56, 62)
            .ShuffleEvents(seed: 5);
    }

    /// <summary>
    /// A short match for the clip tests: two goals (Saka, seen from poll 25, then Rice) far enough apart that the first
    /// goal's clip search is over before the second one's starts; ends FT at poll 60 of 64. <paramref name="change"/>
    /// adds to the match (e.g. a withdrawal of Saka's goal, key <c>saka</c>).
    /// </summary>
    public static DayScenario ShortMatch(Func<MatchScenario, MatchScenario>? change = null)
    {
        var start = new DateTimeOffset(2025, 3, 8, 17, 20, 0, TimeSpan.Zero);
        var match = new MatchScenario(ArsenalChelsea)
            .InLeague(39, "Premier League", "England", 2024, "Regular Season - 27")
            .Between(new Team(42, "Arsenal"), new Team(49, "Chelsea"))
            .KickoffAt(start.AddMinutes(10))
            .At(494, "Emirates Stadium", "London")
            .Status(21, "1H").Status(41, "HT").Status(45, "2H").Status(60, "FT")
            .Goal("saka", 25, Side.Home, Player.Of(1460, "B. Saka"), 3)
            .Goal("rice", 48, Side.Home, Player.Of(2937, "D. Rice"), 47);
        return new DayScenario("short match with clips", start, pollCount: 64).Add(change?.Invoke(match) ?? match);
    }

    /// <summary>
    /// The short match's first goal's one original, posted twice (two encodings, at polls 29 and 31): the copies a correct
    /// daemon keeps as one clip.
    /// </summary>
    public static PlannedClips SakasGoalPostedTwice()
    {
        const string text = "B. Saka goal! Arsenal 1-0 Chelsea 3'";
        var master = new PlannedMaster("saka-0", "m1", 4242, "1-0", 3, true, 1280, 720);
        PlannedClip[] copies =
        [
            new("1600000000000000001", "1600000000000000001.mp4", master.Name, 29, text, "fan1", new VariantSpec("tv", 1280, 720, Crf: 23)),
            new("1600000000000000002", "1600000000000000002.mp4", master.Name, 31, text, "fan2", new VariantSpec("re-encoded", 1280, 720, Crf: 33, Duration: 8)),
        ];
        var groups = new Dictionary<(int, string, int), IReadOnlyList<IReadOnlySet<string>>>
        {
            [(ArsenalChelsea, "B. Saka", 3)] = [copies.Select(c => c.Id).ToHashSet()],
        };
        return new PlannedClips(new ClipPlan([master], copies), groups);
    }

    /// <summary>
    /// The evening with its faults recorded in the poll files: a storm of 429 and 5xx answers, then single failed
    /// polls spread out (quota and bad-key errors envelopes, a truncated body, HTML error pages, a 504).
    /// </summary>
    public static DayScenario WithRecordedFaults()
    {
        var day = Evening();
        PollFault[] storm = [PollFault.TooManyRequests(), PollFault.ServerError(500), PollFault.ServerError(502, "Bad Gateway"), PollFault.ServerError(503, "Service Unavailable")];
        for (var poll = Storm.From; poll <= Storm.To; poll++) day.Fault(poll, storm[poll % storm.Length]);
        return day
            .ErrorsEnvelope(54)
            .Fault(66, PollFault.TruncatedJson())
            .Fault(72, PollFault.HtmlPage())
            .ErrorsEnvelope(84, "token", "Error/Missing application key. Go to https://www.api-football.com/documentation-v3 to learn how to get your API application key.")
            .Fault(92, PollFault.ServerError(504, "Gateway Timeout"))
            .Fault(102, PollFault.HtmlPage(502));
    }
}
