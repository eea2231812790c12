namespace Footy.Scenarios;

/// <summary>Knobs of <see cref="RandomScenarios.Day"/>. Chances are per fixture unless said otherwise.</summary>
public sealed record RandomDayOptions
{
    public int MinFixtures { get; init; } = 1;
    public int MaxFixtures { get; init; } = 6;
    /// <summary>Kickoffs are spread over this many minutes after the first one (15-minute grid).</summary>
    public int MaxKickoffSpreadMinutes { get; init; } = 120;
    /// <summary>The day's date; by default derived from the seed (in 2025).</summary>
    public DateOnly? Date { get; init; }
    public int PollIntervalSeconds { get; init; } = 30;
    /// <summary>Cup tie that is level after 90 minutes and goes to extra time.</summary>
    public double ExtraTimeChance { get; init; } = 0.15;
    /// <summary>Given extra time: it ends level and goes to a shoot-out.</summary>
    public double ShootoutChance { get; init; } = 0.5;
    public double PostponedChance { get; init; } = 0.04;
    /// <summary>A goal shown long enough to be confirmed, then withdrawn (VAR).</summary>
    public double VarAfterConfirmationChance { get; init; } = 0.3;
    /// <summary>A goal shown for only 1-2 polls, then withdrawn.</summary>
    public double VarBeforeConfirmationChance { get; init; } = 0.3;
    /// <summary>Per goal: first shown under another scorer (sometimes an own goal first given to a forward).</summary>
    public double ScorerCorrectionChance { get; init; } = 0.1;
    /// <summary>Per goal: first shown with a minute 1-2 off.</summary>
    public double MinuteCorrectionChance { get; init; } = 0.08;
    /// <summary>Per goal: first shown with player {id:null,name:null} for 1-3 polls.</summary>
    public double UnknownScorerChance { get; init; } = 0.1;
    /// <summary>Per goal: the assist arrives later.</summary>
    public double AssistAddedChance { get; init; } = 0.08;
    public double MissedPenaltyChance { get; init; } = 0.1;
    /// <summary>Per day: one or two upstream faults (429, errors envelope, 503, truncated JSON, an HTML page).</summary>
    public double FaultChance { get; init; } = 0.35;
    /// <summary>Cards and substitutions.</summary>
    public bool Noise { get; init; } = true;
}

/// <summary>
/// Random but valid match days, deterministic per seed, with the quirks a daemon has to survive:
/// own goals, penalties, VAR removals after and before confirmation, scorer and minute corrections (which keep
/// the goal's score-after-goal and stay within 2 minutes), unknown scorers that become known, late assists,
/// extra time and shoot-outs, failed polls (429, 503, errors envelopes, truncated JSON, HTML pages). Every goal-related change happens at least 4 polls before
/// the fixture's final status, and no fault is among the last 10 polls, so the expected outcome does not depend
/// on whether a daemon keeps polling a finished fixture.
/// </summary>
public static class RandomScenarios
{
    private enum Quirk { None, ScorerCorrection, MinuteCorrection, UnknownFirst, AssistLater, VarAfter, VarBefore }

    private sealed class GoalPlan
    {
        public required string Key;
        public required Side Team;
        public required Player Scorer;
        public required Player Assist;
        public required string Detail;
        public required int Minute;
        public int? Extra;
        public int Appear;
        public Quirk Quirk;
        public Player WrongScorer = Player.Unknown;
        public string WrongDetail = ApiStrings.NormalGoal;
        public int WrongMinute;
        public int? WrongExtra;
        public int ChangePoll;
        public bool VarEvent;
    }

    private static readonly Func<PollFault>[] Faults =
    [
        () => PollFault.TooManyRequests(), () => PollFault.ErrorsEnvelope(), () => PollFault.ServerError(503, "Service Unavailable"),
        PollFault.TruncatedJson, () => PollFault.HtmlPage(),
    ];

    private static readonly string[] RefereesByCountry =
    {
        "England:Michael Oliver, England", "England:Anthony Taylor, England", "England:Simon Hooper, England",
        "Spain:José María Sánchez, Spain", "Spain:Jesús Gil, Spain", "Spain:Alejandro Hernández, Spain",
        "Germany:Felix Zwayer, Germany", "Germany:Daniel Siebert, Germany", "Germany:Deniz Aytekin, Germany",
        "Italy:Daniele Doveri, Italy", "Italy:Davide Massa, Italy", "Italy:Maurizio Mariani, Italy",
        "France:Clément Turpin, France", "France:François Letexier, France", "France:Benoît Bastien, France",
    };

    /// <summary>Several days with consecutive seeds.</summary>
    public static IEnumerable<DayScenario> Days(int firstSeed, int count, RandomDayOptions? options = null)
    {
        for (int i = 0; i < count; i++) yield return Day(firstSeed + i, options);
    }

    public static DayScenario Day(int seed, RandomDayOptions? options = null)
    {
        var o = options ?? new RandomDayOptions();
        if (o.MinFixtures < 1 || o.MaxFixtures < o.MinFixtures) throw new ArgumentException("Need 1 <= MinFixtures <= MaxFixtures.");
        if (60 % o.PollIntervalSeconds != 0) throw new ArgumentException("The poll interval must divide a minute.");
        var rng = new ScenarioRandom(seed);
        var date = o.Date ?? new DateOnly(2025, 1, 1).AddDays((int)((uint)seed % 365));
        int count = rng.Between(o.MinFixtures, o.MaxFixtures);
        var firstKickoff = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).AddMinutes(15 * rng.Between(0, 28));
        var kickoffs = Enumerable.Range(0, count)
            .Select(i => i == 0 ? firstKickoff : firstKickoff.AddMinutes(15 * rng.Between(0, Math.Max(0, o.MaxKickoffSpreadMinutes / 15))))
            .OrderBy(k => k).ToList();
        var start = firstKickoff.AddMinutes(-35);
        var clock = new PollClock(start, o.PollIntervalSeconds);

        var usedTeams = new HashSet<int>();
        var matches = new List<MatchScenario>();
        int lastPoll = 1;
        int idBase = 1_100_000 + (int)((uint)seed % 80_000) * 10;
        for (int i = 0; i < count; i++)
        {
            var (match, final) = RandomMatch(rng, o, idBase + i, kickoffs[i], clock, usedTeams);
            matches.Add(match);
            lastPoll = Math.Max(lastPoll, final);
        }

        int pollCount = lastPoll + rng.Between(4, 12);
        var day = new DayScenario($"random day {seed}", start, pollCount, o.PollIntervalSeconds);
        foreach (var m in matches) day.Add(m);

        if (rng.Chance(o.FaultChance))
        {
            int faults = rng.Between(1, 2);
            int from = clock.PollAt(firstKickoff), to = pollCount - 10;
            for (int f = 0; f < faults && to > from; f++)
            {
                var poll = rng.Between(from, to);
                day.Fault(poll, rng.Pick(Faults)());
            }
        }
        return day;
    }

    private static (MatchScenario Match, int FinalPoll) RandomMatch(ScenarioRandom rng, RandomDayOptions o, int fixtureId,
        DateTimeOffset kickoff, PollClock pollClock, HashSet<int> usedTeams)
    {
        bool extraTime = rng.Chance(o.ExtraTimeChance);
        bool shootout = extraTime && rng.Chance(o.ShootoutChance);
        var pool = rng.Shuffled(Rosters.Pools).First(p => p.Teams.Count(t => !usedTeams.Contains(t.Team.Id)) >= 2);
        var free = rng.Shuffled(pool.Teams.Where(t => !usedTeams.Contains(t.Team.Id))).Take(2).ToList();
        usedTeams.Add(free[0].Team.Id);
        usedTeams.Add(free[1].Team.Id);
        var league = extraTime ? pool.Cup : pool.League;
        var referees = RefereesByCountry.Where(r => r.StartsWith(league.Country + ":", StringComparison.Ordinal)).Select(r => r[(r.IndexOf(':') + 1)..]).ToList();
        var m = new MatchScenario(fixtureId)
            .InLeague(league)
            .Between(free[0].Team, free[1].Team)
            .KickoffAt(kickoff)
            .At(free[0].Venue)
            .WithReferee(rng.Chance(0.05) ? null : rng.Pick(referees));

        int kickoffPoll = pollClock.PollAt(kickoff);
        if (rng.Chance(o.PostponedChance))
        {
            var shown = Math.Max(1, pollClock.FirstPollAtOrAfter(kickoff - DayScenario.ActivationLead));
            m.Status(shown, "PST");
            return (m, shown);
        }

        var clock = new MatchClock(kickoffPoll, o.PollIntervalSeconds)
        {
            FirstHalfStoppage = rng.Between(1, 6),
            HalfTimeMinutes = rng.Between(15, 17),
            SecondHalfStoppage = rng.Between(3, 9),
            ExtraTime = extraTime,
            Penalties = shootout,
            ExtraTimeFirstStoppage = rng.Between(0, 2),
            ExtraTimeSecondStoppage = rng.Between(1, 3),
        };
        var home = Rosters.Squad(m.Home.Id);
        var away = Rosters.Squad(m.Away.Id);
        IReadOnlyList<Player> SquadOf(Side s) => s == Side.Home ? home : away;

        // ---- standing goals: (side, minute, extra)
        int hg = rng.Poisson(1.5, 5), ag = rng.Poisson(1.15, 5);
        if (extraTime) ag = hg;
        var slots = new List<(Side Side, int Minute, int? Extra)>();
        for (int i = 0; i < hg; i++) slots.Add((Side.Home, 0, null));
        for (int i = 0; i < ag; i++) slots.Add((Side.Away, 0, null));
        var timed = slots.Select(s => { var (mi, ex) = RegulationMinute(rng, clock); return (s.Side, Minute: mi, Extra: ex); }).ToList();
        if (extraTime)
        {
            if (shootout)
            {
                if (rng.Chance(0.25)) { timed.Add((Side.Home, rng.Between(91, 120), null)); timed.Add((Side.Away, rng.Between(91, 120), null)); }
            }
            else
            {
                var winner = rng.Chance(0.5) ? Side.Home : Side.Away;
                timed.Add((winner, rng.Between(91, 120), null));
                if (rng.Chance(0.2)) { timed.Add((winner, rng.Between(91, 120), null)); timed.Add((Other(winner), rng.Between(91, 120), null)); }
            }
        }

        var plans = new List<GoalPlan>();
        int n = 0;
        foreach (var (side, minute, extra) in timed)
            plans.Add(PlanGoal(rng, o, $"g{++n}", side, minute, extra, SquadOf, clock, allowCorrections: true));
        // goals that will be withdrawn
        if (rng.Chance(o.VarAfterConfirmationChance))
        {
            var (mi, ex) = RegulationMinute(rng, clock);
            var p = PlanGoal(rng, o, $"g{++n}", rng.Chance(0.5) ? Side.Home : Side.Away, mi, ex, SquadOf, clock, allowCorrections: false);
            p.Quirk = Quirk.VarAfter;
            p.ChangePoll = p.Appear + rng.Between(4, 10);
            p.VarEvent = rng.Chance(0.5);
            plans.Add(p);
        }
        if (rng.Chance(o.VarBeforeConfirmationChance))
        {
            var (mi, ex) = RegulationMinute(rng, clock);
            var p = PlanGoal(rng, o, $"g{++n}", rng.Chance(0.5) ? Side.Home : Side.Away, mi, ex, SquadOf, clock, allowCorrections: false);
            p.Quirk = Quirk.VarBefore;
            p.ChangePoll = p.Appear + rng.Between(1, 2);
            p.VarEvent = rng.Chance(0.5);
            plans.Add(p);
        }

        // ---- corrections must keep every goal's score-after-goal: drop the ones that would not
        while (true)
        {
            var probe = new MatchScenario(fixtureId).Between(m.Home, m.Away);
            AddGoals(probe, plans);
            var bad = plans.FirstOrDefault(p => p.Quirk is Quirk.ScorerCorrection or Quirk.MinuteCorrection or Quirk.UnknownFirst
                                                && !ScoreAfterGoalStable(probe, p.Key));
            if (bad is null) break;
            bad.Quirk = Quirk.None;
        }

        // ---- the final status comes at least 4 polls after the last goal-related change
        int lastChange = plans.Count == 0 ? 0 : plans.Max(p => p.Quirk == Quirk.None ? p.Appear : Math.Max(p.Appear, p.ChangePoll));
        if (!shootout) clock.EnsureFinalAtOrAfter(lastChange + 4);
        else if (clock.EndOfExtraTimePoll < lastChange + 4)
            clock.ExtraTimeSecondStoppage += (int)Math.Ceiling((lastChange + 4 - clock.EndOfExtraTimePoll) * o.PollIntervalSeconds / 60.0);

        AddGoals(m, plans);

        // ---- shoot-out
        if (shootout)
        {
            var first = rng.Chance(0.5) ? Side.Home : Side.Away;
            var takers = new Dictionary<Side, List<Player>>
            {
                [Side.Home] = rng.Shuffled(home.Skip(1).Take(12)).ToList(),
                [Side.Away] = rng.Shuffled(away.Skip(1).Take(12)).ToList(),
            };
            int poll = clock.PenaltiesPoll + 1, kicksH = 0, kicksA = 0, goalsH = 0, goalsA = 0, k = 0;
            while (true)
            {
                var side = k % 2 == 0 ? first : Other(first);
                bool scored = rng.Chance(0.76);
                int taken = side == Side.Home ? kicksH++ : kicksA++;
                if (scored) { if (side == Side.Home) goalsH++; else goalsA++; }
                m.ShootoutKick(poll, side, takers[side][taken % takers[side].Count], scored);
                poll += rng.Between(1, 3);
                k++;
                bool decided = kicksH <= 5 && kicksA <= 5 && (kicksH < 5 || kicksA < 5)
                    ? goalsH + (5 - kicksH) < goalsA || goalsA + (5 - kicksA) < goalsH
                    : kicksH == kicksA && goalsH != goalsA;
                if (decided) break;
            }
            clock.PenaltiesEndPoll = poll + rng.Between(1, 2);
        }

        // ---- noise
        if (rng.Chance(o.MissedPenaltyChance))
        {
            var side = rng.Chance(0.5) ? Side.Home : Side.Away;
            var (mi, ex) = RegulationMinute(rng, clock);
            m.MissedPenalty(clock.PollOf(mi, ex) + rng.Between(1, 3), side, SquadOf(side)[rng.Between(5, 12)], mi, ex);
        }
        if (o.Noise)
        {
            int cards = rng.Between(0, 5);
            for (int i = 0; i < cards; i++)
            {
                var side = rng.Chance(0.5) ? Side.Home : Side.Away;
                var (mi, ex) = RegulationMinute(rng, clock);
                m.Card(clock.PollOf(mi, ex) + rng.Between(1, 3), side, SquadOf(side)[rng.Between(1, 12)], mi, ex,
                    red: rng.Chance(0.05), comments: rng.Chance(0.5) ? rng.Pick(new[] { "Foul", "Argument", "Time wasting", "Handball", "Unsportsmanlike conduct" }) : null);
            }
            foreach (var side in new[] { Side.Home, Side.Away })
            {
                int subs = rng.Between(2, 5);
                var off = rng.Shuffled(Enumerable.Range(1, 12)).Take(subs).ToList();
                var on = rng.Shuffled(Enumerable.Range(13, 7)).Take(subs).ToList();
                var minutes = Enumerable.Range(0, subs).Select(_ => rng.Between(46, 89)).Order().ToList();
                for (int i = 0; i < subs; i++)
                    m.Substitution(clock.PollOf(minutes[i]) + rng.Between(1, 3), side, SquadOf(side)[off[i]], SquadOf(side)[on[i]], minutes[i], null, i + 1);
            }
        }

        m.Play(clock);
        return (m, Math.Max(clock.FinalPoll, m.LastEventChangePoll));
    }

    private static Side Other(Side s) => s == Side.Home ? Side.Away : Side.Home;

    /// <summary>A minute of regular time, sometimes in stoppage time (kept before the half's last stoppage minute).</summary>
    private static (int Minute, int? Extra) RegulationMinute(ScenarioRandom rng, MatchClock clock)
    {
        if (rng.Chance(0.08))
        {
            bool firstHalf = rng.Chance(0.4);
            int stoppage = firstHalf ? clock.FirstHalfStoppage : clock.SecondHalfStoppage;
            if (stoppage >= 2) return (firstHalf ? 45 : 90, rng.Between(1, stoppage - 1));
        }
        return (rng.Between(1, 89), null);
    }

    private static GoalPlan PlanGoal(ScenarioRandom rng, RandomDayOptions o, string key, Side side, int minute, int? extra,
        Func<Side, IReadOnlyList<Player>> squadOf, MatchClock clock, bool allowCorrections)
    {
        var squad = squadOf(side);
        var roll = rng.NextDouble();
        string detail = roll < 0.1 ? ApiStrings.Penalty : roll < 0.17 ? ApiStrings.OwnGoal : ApiStrings.NormalGoal;
        Player scorer = detail == ApiStrings.OwnGoal
            ? squadOf(Other(side))[rng.Between(1, 9)]
            : squad[Scorer(rng)];
        Player assist = Player.Unknown;
        if (detail == ApiStrings.NormalGoal && rng.Chance(0.6))
        {
            do assist = squad[rng.Between(1, 12)]; while (assist == scorer);
        }
        var plan = new GoalPlan
        {
            Key = key, Team = side, Scorer = scorer, Assist = assist, Detail = detail, Minute = minute, Extra = extra,
            Appear = clock.PollOf(minute, extra) + rng.Between(1, 4),
        };
        if (!allowCorrections) return plan;

        var q = rng.NextDouble();
        double c1 = o.ScorerCorrectionChance, c2 = c1 + o.MinuteCorrectionChance, c3 = c2 + o.UnknownScorerChance, c4 = c3 + o.AssistAddedChance;
        if (q < c1)
        {
            plan.Quirk = Quirk.ScorerCorrection;
            plan.ChangePoll = plan.Appear + rng.Between(2, 14);
            if (detail == ApiStrings.OwnGoal)
            {
                // first credited to an attacker of the benefiting side as a normal goal
                plan.WrongScorer = squad[Scorer(rng)];
                plan.WrongDetail = ApiStrings.NormalGoal;
            }
            else
            {
                do plan.WrongScorer = squad[rng.Between(1, 12)]; while (plan.WrongScorer == scorer);
                plan.WrongDetail = detail;
            }
            plan.WrongMinute = minute;
            plan.WrongExtra = extra;
            if (extra is null && rng.Chance(0.3)) plan.WrongMinute = ShiftMinute(minute, rng.Chance(0.5) ? -1 : 1);
        }
        else if (q < c2)
        {
            plan.Quirk = Quirk.MinuteCorrection;
            plan.ChangePoll = plan.Appear + rng.Between(2, 12);
            plan.WrongDetail = detail;
            if (extra is int x)
            {
                plan.WrongMinute = minute;
                plan.WrongExtra = x > 1 && rng.Chance(0.5) ? x - 1 : x + 1;
            }
            else
            {
                plan.WrongMinute = ShiftMinute(minute, rng.Pick(new[] { -2, -1, 1, 2 }));
                plan.WrongExtra = null;
            }
        }
        else if (q < c3)
        {
            plan.Quirk = Quirk.UnknownFirst;
            plan.ChangePoll = plan.Appear + rng.Between(1, 3);
        }
        else if (q < c4 && assist.IsKnown)
        {
            plan.Quirk = Quirk.AssistLater;
            plan.ChangePoll = plan.Appear + rng.Between(2, 10);
        }
        if (plan.Quirk is Quirk.ScorerCorrection or Quirk.MinuteCorrection)
        {
            // the API does not show a minute the clock has not reached yet
            plan.Appear = Math.Max(plan.Appear, clock.PollOf(plan.WrongMinute, plan.WrongExtra) + 1);
            plan.ChangePoll = Math.Max(plan.ChangePoll, plan.Appear + 2);
        }
        return plan;
    }

    /// <summary>Shift a minute of regular time by <paramref name="delta"/> without leaving its half.</summary>
    private static int ShiftMinute(int minute, int delta)
    {
        var (lo, hi) = minute <= 45 ? (1, 45) : minute <= 90 ? (46, 90) : minute <= 105 ? (91, 105) : (106, 120);
        var shifted = minute + delta;
        if (shifted < lo || shifted > hi) shifted = minute - delta;
        return Math.Clamp(shifted, lo, hi);
    }

    /// <summary>Squad index of a scorer, weighted towards forwards.</summary>
    private static int Scorer(ScenarioRandom rng)
    {
        var r = rng.NextDouble();
        return r < 0.55 ? rng.Between(10, 12) : r < 0.85 ? rng.Between(5, 9) : r < 0.95 ? rng.Between(13, 19) : rng.Between(1, 4);
    }

    private static void AddGoals(MatchScenario m, List<GoalPlan> plans)
    {
        foreach (var p in plans)
        {
            switch (p.Quirk)
            {
                case Quirk.ScorerCorrection:
                    m.Goal(p.Key, p.Appear, p.Team, p.WrongScorer, p.WrongMinute, p.WrongExtra,
                        p.WrongDetail == ApiStrings.NormalGoal && p.Assist != p.WrongScorer ? p.Assist : Player.Unknown, p.WrongDetail);
                    m.Correct(p.Key, p.ChangePoll, e => e with { Player = p.Scorer, Detail = p.Detail, Minute = p.Minute, Extra = p.Extra, Assist = p.Assist });
                    break;
                case Quirk.MinuteCorrection:
                    m.Goal(p.Key, p.Appear, p.Team, p.Scorer, p.WrongMinute, p.WrongExtra, p.Assist, p.Detail);
                    m.CorrectMinute(p.Key, p.ChangePoll, p.Minute, p.Extra);
                    break;
                case Quirk.UnknownFirst:
                    m.Goal(p.Key, p.Appear, p.Team, Player.Unknown, p.Minute, p.Extra, Player.Unknown, p.Detail);
                    m.Correct(p.Key, p.ChangePoll, e => e with { Player = p.Scorer, Assist = p.Assist });
                    break;
                case Quirk.AssistLater:
                    m.Goal(p.Key, p.Appear, p.Team, p.Scorer, p.Minute, p.Extra, Player.Unknown, p.Detail);
                    m.AddAssist(p.Key, p.ChangePoll, p.Assist);
                    break;
                case Quirk.VarAfter:
                case Quirk.VarBefore:
                    m.Goal(p.Key, p.Appear, p.Team, p.Scorer, p.Minute, p.Extra, p.Assist, p.Detail);
                    m.Remove(p.Key, p.ChangePoll);
                    if (p.VarEvent)
                        m.VarEvent(p.ChangePoll, p.Team, "Goal cancelled", p.Minute, p.Extra, p.Scorer);
                    break;
                default:
                    m.Goal(p.Key, p.Appear, p.Team, p.Scorer, p.Minute, p.Extra, p.Assist, p.Detail);
                    break;
            }
        }
    }

    /// <summary>
    /// True when the goal's score after it (home, away: goals up to and including it, in minute order) is the
    /// same at every poll where it is shown, so a daemon can match it across corrections.
    /// </summary>
    public static bool ScoreAfterGoalStable(MatchScenario m, string key)
    {
        var track = m.Track(key);
        (int, int)? seen = null;
        int last = m.Events.Where(e => e.EverGoal).Max(e => e.LastChangePoll);
        for (int k = track.FirstPoll; k <= last + 1; k++)
        {
            var s = ScoreAfterGoal(m, key, k);
            if (s is null) continue;
            if (seen is null) seen = s;
            else if (seen != s) return false;
        }
        return true;
    }

    /// <summary>The score after the goal <paramref name="key"/> at poll <paramref name="poll"/> (null when not shown).</summary>
    public static (int Home, int Away)? ScoreAfterGoal(MatchScenario m, string key, int poll)
    {
        var shown = m.Events.Select(t => (t, d: t.At(poll))).Where(x => x.d is { IsGoal: true })
            .OrderBy(x => x.d!.Minute).ThenBy(x => x.d!.Extra ?? 0).ThenBy(x => x.t.FirstPoll).ThenBy(x => x.t.Order).ToList();
        int h = 0, a = 0;
        foreach (var (t, d) in shown)
        {
            if (d!.Team == Side.Home) h++; else a++;
            if (t.Key == key) return (h, a);
        }
        return null;
    }
}
