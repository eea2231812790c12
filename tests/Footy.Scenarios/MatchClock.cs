namespace Footy.Scenarios;

/// <summary>
/// Plans the status timeline of a match in poll indices: halves with stoppage time, half-time, optional
/// extra time (with its break, BT) and shoot-out (P, then PEN). <see cref="PollOf"/> tells at which poll
/// the API's <c>elapsed</c> first shows a given match minute, so events can be placed realistically
/// (an event usually shows up one to three polls after its minute).
/// </summary>
public sealed class MatchClock
{
    public MatchClock(int kickoffPoll, int pollIntervalSeconds = 30)
    {
        if (kickoffPoll < 1) throw new ArgumentOutOfRangeException(nameof(kickoffPoll));
        if (pollIntervalSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(pollIntervalSeconds));
        KickoffPoll = kickoffPoll;
        PollIntervalSeconds = pollIntervalSeconds;
    }

    public int KickoffPoll { get; }
    public int PollIntervalSeconds { get; }

    public int FirstHalfStoppage { get; set; } = 3;
    public int HalfTimeMinutes { get; set; } = 15;
    public int SecondHalfStoppage { get; set; } = 4;
    public bool ExtraTime { get; set; }
    /// <summary>Break between the end of the 2nd half and extra time; the status stays 2H with the clock held.</summary>
    public int BreakBeforeExtraTimeMinutes { get; set; } = 4;
    public int ExtraTimeFirstStoppage { get; set; } = 1;
    /// <summary>Length of the BT status between the two halves of extra time.</summary>
    public int ExtraTimeBreakMinutes { get; set; } = 2;
    public int ExtraTimeSecondStoppage { get; set; } = 2;
    public bool Penalties { get; set; }
    /// <summary>Break between the end of extra time and the shoot-out (status ET, clock held).</summary>
    public int BreakBeforePenaltiesMinutes { get; set; } = 2;
    /// <summary>Poll of the PEN status (default: 20 polls after P started).</summary>
    public int? PenaltiesEndPoll { get; set; }

    /// <summary>Number of polls spanning <paramref name="minutes"/> match minutes (rounded up).</summary>
    public int Polls(int minutes) => (int)Math.Ceiling(minutes * 60.0 / PollIntervalSeconds);

    public int HalfTimePoll => KickoffPoll + Polls(45 + FirstHalfStoppage);
    public int SecondHalfPoll => HalfTimePoll + Polls(HalfTimeMinutes);
    public int EndOfRegulationPoll => SecondHalfPoll + Polls(45 + SecondHalfStoppage);
    public int ExtraTimePoll => EndOfRegulationPoll + Polls(BreakBeforeExtraTimeMinutes);
    public int ExtraTimeBreakPoll => ExtraTimePoll + Polls(15 + ExtraTimeFirstStoppage);
    public int ExtraTimeSecondHalfPoll => ExtraTimeBreakPoll + Polls(ExtraTimeBreakMinutes);
    public int EndOfExtraTimePoll => ExtraTimeSecondHalfPoll + Polls(15 + ExtraTimeSecondStoppage);
    public int PenaltiesPoll => EndOfExtraTimePoll + Polls(BreakBeforePenaltiesMinutes);

    /// <summary>The poll where the final status (FT, AET or PEN) appears.</summary>
    public int FinalPoll => !ExtraTime ? EndOfRegulationPoll
        : !Penalties ? EndOfExtraTimePoll
        : PenaltiesEndPoll ?? PenaltiesPoll + 20;

    public string FinalStatus => !ExtraTime ? "FT" : !Penalties ? "AET" : "PEN";

    /// <summary>The first poll at which <c>elapsed</c> (and <c>extra</c>) reach the given match minute.</summary>
    public int PollOf(int minute, int? extra = null)
    {
        var (start, b) = minute switch
        {
            <= 45 => (KickoffPoll, 1),
            <= 90 => (SecondHalfPoll, 46),
            <= 105 => (ExtraTimePoll, 91),
            _ => (ExtraTimeSecondHalfPoll, 106),
        };
        var offset = Math.Max(0, minute - b) + (extra ?? 0);
        return start + Polls(offset);
    }

    /// <summary>Makes the last playing phase long enough for its final status to come at or after <paramref name="poll"/>
    /// (by adding stoppage time, or by delaying the end of the shoot-out).</summary>
    public void EnsureFinalAtOrAfter(int poll)
    {
        if (FinalPoll >= poll) return;
        if (!ExtraTime)
            SecondHalfStoppage += (int)Math.Ceiling((poll - FinalPoll) * PollIntervalSeconds / 60.0);
        else if (!Penalties)
            ExtraTimeSecondStoppage += (int)Math.Ceiling((poll - FinalPoll) * PollIntervalSeconds / 60.0);
        else
            PenaltiesEndPoll = poll;
    }

    /// <summary>The status changes of the plan, in order.</summary>
    public IEnumerable<StatusChange> StatusChanges()
    {
        yield return new StatusChange(KickoffPoll, "1H");
        yield return new StatusChange(HalfTimePoll, "HT");
        yield return new StatusChange(SecondHalfPoll, "2H");
        if (!ExtraTime)
        {
            yield return new StatusChange(EndOfRegulationPoll, "FT");
            yield break;
        }
        if (BreakBeforeExtraTimeMinutes > 0)
            yield return new StatusChange(EndOfRegulationPoll, "2H", 90, SecondHalfStoppage > 0 ? SecondHalfStoppage : null);
        yield return new StatusChange(ExtraTimePoll, "ET");
        yield return new StatusChange(ExtraTimeBreakPoll, "BT");
        yield return new StatusChange(ExtraTimeSecondHalfPoll, "ET");
        if (!Penalties)
        {
            yield return new StatusChange(EndOfExtraTimePoll, "AET");
            yield break;
        }
        if (BreakBeforePenaltiesMinutes > 0)
            yield return new StatusChange(EndOfExtraTimePoll, "ET", 120, ExtraTimeSecondStoppage > 0 ? ExtraTimeSecondStoppage : null);
        yield return new StatusChange(PenaltiesPoll, "P");
        if (FinalPoll <= PenaltiesPoll) throw new InvalidOperationException("The shoot-out must end after it starts.");
        yield return new StatusChange(FinalPoll, "PEN");
    }
}
