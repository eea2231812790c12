namespace Footy.Scenarios;

/// <summary>
/// The recordings shipped in the repository's <c>recordings/</c> folder, as scenarios.
/// <see cref="WriteAll"/> regenerates every folder (recording + expected.json); see recordings/README.md.
/// </summary>
public static class BundledRecordings
{
    public const string WorldCupFinalName = "world-cup-final-2022";
    public const string SaturdayName = "saturday-overlap";

    /// <summary>Folder name → scenario, for every bundled recording.</summary>
    public static IReadOnlyDictionary<string, Func<DayScenario>> All { get; } = new Dictionary<string, Func<DayScenario>>
    {
        [WorldCupFinalName] = WorldCupFinal2022,
        [SaturdayName] = SaturdayOverlap,
    };

    /// <summary>
    /// Writes each bundled recording into <paramref name="recordingsDir"/>/&lt;name&gt;/ with its expected.json; the final
    /// also gets its clip plan (clips/plan.json), from which <c>footy demo</c> renders the clips when first needed.
    /// </summary>
    public static void WriteAll(string recordingsDir)
    {
        foreach (var (name, build) in All)
        {
            var day = build();
            var dir = Path.Combine(recordingsDir, name);
            var expected = day.WriteRecordingWithExpected(dir);
            if (name == WorldCupFinalName) ClipPlans.For(day, expected, seed: 2022).Plan.Save(dir);
        }
    }

    // =====================================================================================================
    // World Cup final 2022, Argentina 3-3 France (4-2 pens), with data quirks a daemon must handle:
    // - Di María's 36' goal is first credited to "A. Mac Allister", corrected 6 polls later (same minute and
    //   score; the assist arrives with the correction);
    // - a France goal (Kolo Muani, 59') is shown for 6 polls and then withdrawn by VAR (confirmed, then cancelled);
    // - Mbappé's 81' goal first shows minute 80, corrected to 81 three minutes later;
    // - Messi's 108' goal shows player {id:null,name:null} for 2 polls;
    // - cards (one for a player on the bench), substitutions, a "Var" event, shoot-out kicks.
    // =====================================================================================================
    public static DayScenario WorldCupFinal2022()
    {
        var start = new DateTimeOffset(2022, 12, 18, 14, 35, 0, TimeSpan.Zero);
        var kickoff = new DateTimeOffset(2022, 12, 18, 15, 0, 0, TimeSpan.Zero);
        var pollClock = new PollClock(start, 30);
        var clock = new MatchClock(pollClock.PollAt(kickoff)) // poll 51
        {
            FirstHalfStoppage = 7,
            HalfTimeMinutes = 16,
            SecondHalfStoppage = 8,
            ExtraTime = true,
            BreakBeforeExtraTimeMinutes = 4,
            ExtraTimeFirstStoppage = 1,
            ExtraTimeBreakMinutes = 2,
            ExtraTimeSecondStoppage = 3,
            Penalties = true,
            BreakBeforePenaltiesMinutes = 2,
        };

        // Argentina
        var martinezE = Player.Of(19599, "E. Martínez");
        var molina = Player.Of(5947, "N. Molina");
        var dePaul = Player.Of(6126, "R. De Paul");
        var fernandez = Player.Of(5996, "E. Fernández");
        var macAllister = Player.Of(6716, "A. Mac Allister");
        var messi = Player.Of(154, "L. Messi");
        var alvarez = Player.Of(6009, "J. Álvarez");
        var diMaria = Player.Of(266, "Á. Di María");
        var acuna = Player.Of(5936, "M. Acuña");
        var montiel = Player.Of(5954, "G. Montiel");
        var paredes = Player.Of(2474, "L. Paredes");
        var lautaro = Player.Of(217, "L. Martínez");
        var pezzella = Player.Of(5956, "G. Pezzella");
        var dybala = Player.Of(324, "P. Dybala");
        // France
        var varane = Player.Of(2064, "R. Varane");
        var hernandez = Player.Of(2209, "T. Hernández");
        var tchouameni = Player.Of(1271, "A. Tchouaméni");
        var rabiot = Player.Of(271, "A. Rabiot");
        var griezmann = Player.Of(2293, "A. Griezmann");
        var dembele = Player.Of(153, "O. Dembélé");
        var mbappe = Player.Of(278, "K. Mbappé");
        var giroud = Player.Of(2295, "O. Giroud");
        var thuram = Player.Of(21104, "M. Thuram");
        var koloMuani = Player.Of(21393, "R. Kolo Muani");
        var coman = Player.Of(272, "K. Coman");
        var camavinga = Player.Of(1272, "E. Camavinga");
        var fofana = Player.Of(2068, "Y. Fofana");
        var konate = Player.Of(1145, "I. Konaté");

        const Side ARG = Side.Home, FRA = Side.Away;
        int P(int minute, int? extra = null, int lag = 2) => clock.PollOf(minute, extra) + lag;

        var m = new MatchScenario(979139)
            .InLeague(1, "World Cup", "World", 2022, "Final", null)
            .Between(new Team(26, "Argentina"), new Team(2, "France"))
            .KickoffAt(kickoff)
            .At(20185, "Lusail Iconic Stadium", "Lusail")
            .WithReferee("Szymon Marciniak, Poland");

        // first half
        m.PenaltyGoal("messi-23", P(23), ARG, messi, 23);
        int diMariaShown = P(36);
        m.Goal("dimaria-36", diMariaShown, ARG, macAllister, 36)                      // wrong scorer first
         .Correct("dimaria-36", diMariaShown + 6, e => e with { Player = diMaria, Assist = macAllister });
        m.Substitution(P(41), FRA, giroud, thuram, 41, number: 1)
         .Substitution(P(41), FRA, dembele, koloMuani, 41, number: 2)
         .Card(P(45, 5, 3), ARG, fernandez, 45, 5, comments: "Foul");

        // second half
        m.Card(P(55), FRA, rabiot, 55, comments: "Foul");
        int koloMuaniShown = P(59);
        m.Goal("kolomuani-59", koloMuaniShown, FRA, koloMuani, 59, assist: mbappe)   // shown 6 polls, then VAR
         .Remove("kolomuani-59", koloMuaniShown + 6)
         .VarEvent(koloMuaniShown + 6, FRA, "Goal cancelled", 59, null, koloMuani);
        m.Substitution(P(64), ARG, diMaria, acuna, 64, number: 1)
         .Substitution(P(71), FRA, griezmann, coman, 71, number: 3)
         .Substitution(P(71), FRA, hernandez, camavinga, 71, number: 4);
        m.PenaltyGoal("mbappe-80", P(80), FRA, mbappe, 80);
        int mbappe81Shown = P(81);
        m.Goal("mbappe-81", mbappe81Shown, FRA, mbappe, 80, assist: thuram)          // minute 80 first
         .CorrectMinute("mbappe-81", mbappe81Shown + 6, 81);
        m.Card(P(87), FRA, thuram, 87, comments: "Simulation")
         .Card(P(88), ARG, acuna, 88, comments: "Foul")
         .Card(P(90, 7), FRA, giroud, 90, 7, comments: "Argument");                  // booked on the bench

        // extra time
        m.Substitution(P(91), ARG, molina, montiel, 91, number: 2)
         .Substitution(P(96), FRA, rabiot, fofana, 96, number: 5)
         .Substitution(P(102), ARG, dePaul, paredes, 102, number: 3)
         .Substitution(P(103), ARG, alvarez, lautaro, 103, number: 4)
         .Card(P(104), ARG, paredes, 104, comments: "Foul");
        int messi108Shown = P(108);
        m.Goal("messi-108", messi108Shown, ARG, Player.Unknown, 108)                 // scorer unknown for 2 polls
         .CorrectScorer("messi-108", messi108Shown + 2, messi);
        m.Substitution(P(113), FRA, varane, konate, 113, number: 6)
         .Card(P(116), ARG, montiel, 116, comments: "Handball")
         .Substitution(P(116, null, 3), ARG, macAllister, pezzella, 116, number: 5)
         .PenaltyGoal("mbappe-118", P(118), FRA, mbappe, 118)
         .Substitution(P(120, 1), ARG, acuna, dybala, 120, 1, number: 6);

        // shoot-out: France first
        var kicks = new (Side Side, Player Taker, bool Scored)[]
        {
            (FRA, mbappe, true), (ARG, messi, true), (FRA, coman, false), (ARG, dybala, true),
            (FRA, tchouameni, false), (ARG, paredes, true), (FRA, koloMuani, true), (ARG, montiel, true),
        };
        int kickPoll = clock.PenaltiesPoll + 2;
        foreach (var (side, taker, scored) in kicks)
        {
            m.ShootoutKick(kickPoll, side, taker, scored);
            kickPoll += 2;
        }
        clock.PenaltiesEndPoll = kickPoll; // PEN right after Montiel's kick
        m.Card(kickPoll - 3, ARG, martinezE, 120, 3, comments: "Time wasting");
        m.Play(clock);

        var day = new DayScenario("World Cup 2022 final", start, clock.FinalPoll + 10, 30);
        day.Add(m);
        return day;
    }

    // =====================================================================================================
    // A Premier League Saturday (2024-11-30): 12:30, five at 15:00 (one postponed), 17:30.
    // One own goal, one goal disallowed before it could be confirmed (2 polls), a 429 and an errors poll.
    // =====================================================================================================
    public static DayScenario SaturdayOverlap()
    {
        var start = new DateTimeOffset(2024, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2024, 11, 30, 19, 30, 0, TimeSpan.Zero);
        var pollClock = new PollClock(start, 30);
        var day = new DayScenario("Premier League Saturday, overlapping fixtures", start, pollClock.PollAt(end), 30);
        var pl = new League(39, "Premier League", "England", 2024, "Regular Season - 13", "https://media.api-sports.io/flags/gb-eng.svg");
        var at1230 = new DateTimeOffset(2024, 11, 30, 12, 30, 0, TimeSpan.Zero);
        var at1500 = new DateTimeOffset(2024, 11, 30, 15, 0, 0, TimeSpan.Zero);
        var at1730 = new DateTimeOffset(2024, 11, 30, 17, 30, 0, TimeSpan.Zero);
        const Side H = Side.Home, A = Side.Away;

        MatchScenario Fixture(int id, Team home, Team away, DateTimeOffset kickoff, Venue venue, string referee) =>
            new MatchScenario(id).InLeague(pl).Between(home, away).KickoffAt(kickoff).At(venue).WithReferee(referee);

        // --- 12:30 Liverpool 2-0 Manchester City
        {
            var c = new MatchClock(pollClock.PollAt(at1230)) { FirstHalfStoppage = 2, HalfTimeMinutes = 15, SecondHalfStoppage = 5 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var gakpo = Player.Of(247, "C. Gakpo"); var salah = Player.Of(306, "M. Salah");
            var szoboszlai = Player.Of(1096, "D. Szoboszlai"); var diaz = Player.Of(2489, "L. Díaz"); var nunez = Player.Of(51617, "D. Núñez");
            var macAllister = Player.Of(6716, "A. Mac Allister"); var gravenberch = Player.Of(542, "R. Gravenberch");
            var gvardiol = Player.Of(129033, "J. Gvardiol");
            var deBruyne = Player.Of(629, "K. De Bruyne"); var kovacic = Player.Of(2294, "M. Kovačić"); var silva = Player.Of(636, "Bernardo Silva");
            var m = Fixture(1208131, new Team(40, "Liverpool"), new Team(50, "Manchester City"), at1230,
                new Venue(550, "Anfield", "Liverpool"), "Anthony Taylor, England");
            m.Goal("gakpo-12", P(12), H, gakpo, 12, assist: salah)
             .Card(P(33), A, gvardiol, 33, comments: "Foul")
             .Card(P(45, 1), H, gravenberch, 45, 1, comments: "Foul")
             .Substitution(P(61), A, kovacic, deBruyne, 61, number: 1)
             .Substitution(P(66), H, diaz, nunez, 66, number: 1)
             .PenaltyGoal("salah-78", P(78, null, 3), H, salah, 78)
             .Substitution(P(84), H, szoboszlai, macAllister, 84, number: 2)
             .Card(P(88), A, silva, 88, comments: "Argument");
            day.Add(m.Play(c));
        }

        // --- 15:00 Arsenal 3-1 Wolves (Semedo own goal for Arsenal)
        {
            var c = new MatchClock(pollClock.PollAt(at1500)) { FirstHalfStoppage = 3, HalfTimeMinutes = 15, SecondHalfStoppage = 6 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var saka = Player.Of(1460, "B. Saka"); var odegaard = Player.Of(37127, "M. Ødegaard"); var havertz = Player.Of(1161, "K. Havertz");
            var rice = Player.Of(2937, "D. Rice"); var martinelli = Player.Of(127769, "G. Martinelli"); var trossard = Player.Of(1946, "L. Trossard");
            var cunha = Player.Of(2289, "Matheus Cunha"); var semedo = Player.Of(1620, "Nélson Semedo");
            var lemina = Player.Of(1166, "M. Lemina"); var larsen = Player.Of(41585, "J. Strand Larsen"); var hwang = Player.Of(1449, "Hwang Hee-Chan");
            var m = Fixture(1208125, new Team(42, "Arsenal"), new Team(39, "Wolves"), at1500,
                new Venue(494, "Emirates Stadium", "London"), "Michael Oliver, England");
            m.Goal("saka-9", P(9), H, saka, 9, assist: odegaard)
             .Goal("havertz-35", P(35, null, 3), H, havertz, 35, assist: rice)
             .Card(P(39), A, lemina, 39, comments: "Foul")
             .Goal("cunha-58", P(58), A, cunha, 58, assist: larsen)
             .Substitution(P(63), A, larsen, hwang, 63, number: 1)
             .OwnGoal("semedo-og-70", P(70), H, semedo, 70)
             .Substitution(P(74), H, martinelli, trossard, 74, number: 1)
             .Card(P(81), H, rice, 81, comments: "Foul");
            day.Add(m.Play(c));
        }

        // --- 15:00 Brighton 1-1 Fulham (Jiménez 55' disallowed after 2 polls)
        {
            var c = new MatchClock(pollClock.PollAt(at1500)) { FirstHalfStoppage = 2, HalfTimeMinutes = 15, SecondHalfStoppage = 4 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var welbeck = Player.Of(18788, "D. Welbeck"); var mitoma = Player.Of(128546, "K. Mitoma");
            var baleba = Player.Of(284797, "C. Baleba"); var jimenez = Player.Of(1869, "R. Jiménez"); var muniz = Player.Of(10135, "Rodrigo Muniz");
            var iwobi = Player.Of(2795, "A. Iwobi"); var robinson = Player.Of(18959, "A. Robinson");
            var m = Fixture(1208126, new Team(51, "Brighton"), new Team(36, "Fulham"), at1500,
                new Venue(508, "American Express Stadium", "Falmer, East Sussex"), "Simon Hooper, England");
            int jimenezShown = P(55);
            m.Goal("welbeck-30", P(30), H, welbeck, 30, assist: mitoma)
             .Card(P(44), A, robinson, 44, comments: "Foul")
             .Goal("jimenez-55", jimenezShown, A, jimenez, 55, assist: iwobi)
             .Remove("jimenez-55", jimenezShown + 2)
             .VarEvent(jimenezShown + 3, A, "Goal cancelled", 55, null, jimenez)
             .Substitution(P(60), A, jimenez, muniz, 60, number: 1)
             .Card(P(71), H, baleba, 71, comments: "Foul")
             .Goal("muniz-84", P(84), A, muniz, 84, assist: iwobi);
            day.Add(m.Play(c));
        }

        // --- 15:00 Brentford - Everton: postponed (shows PST from the first poll that includes it)
        {
            var m = Fixture(1208127, new Team(55, "Brentford"), new Team(45, "Everton"), at1500,
                new Venue(10503, "Gtech Community Stadium", "Brentford, Middlesex"), "Robert Jones, England");
            m.Status(pollClock.PollAt(at1500 - DayScenario.ActivationLead), "PST");
            day.Add(m);
        }

        // --- 15:00 Newcastle 0-2 West Ham
        {
            var c = new MatchClock(pollClock.PollAt(at1500)) { FirstHalfStoppage = 4, HalfTimeMinutes = 16, SecondHalfStoppage = 5 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var isak = Player.Of(2864, "A. Isak"); var guimaraes = Player.Of(10136, "Bruno Guimarães"); var gordon = Player.Of(138787, "A. Gordon");
            var barnes = Player.Of(18766, "H. Barnes");
            var bowen = Player.Of(19428, "J. Bowen"); var kudus = Player.Of(50132, "M. Kudus"); var paqueta = Player.Of(1646, "L. Paquetá");
            var soucek = Player.Of(2932, "T. Souček");
            var m = Fixture(1208128, new Team(34, "Newcastle"), new Team(48, "West Ham"), at1500,
                new Venue(562, "St. James' Park", "Newcastle upon Tyne"), "Chris Kavanagh, England");
            m.Goal("bowen-10", P(10), A, bowen, 10, assist: paqueta)
             .Card(P(27), H, guimaraes, 27, comments: "Foul")
             .Card(P(45, 2), A, soucek, 45, 2, comments: "Foul")
             .Substitution(P(58), H, gordon, barnes, 58, number: 1)
             .Goal("kudus-67", P(67, null, 3), A, kudus, 67, assist: bowen)
             .Card(P(86), H, isak, 86, comments: "Argument");
            day.Add(m.Play(c));
        }

        // --- 15:00 Aston Villa 1-3 Chelsea
        {
            var c = new MatchClock(pollClock.PollAt(at1500)) { FirstHalfStoppage = 1, HalfTimeMinutes = 15, SecondHalfStoppage = 7 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var watkins = Player.Of(19366, "O. Watkins"); var rogers = Player.Of(284492, "M. Rogers");
            var duran = Player.Of(284500, "J. Durán"); var konsa = Player.Of(18911, "E. Konsa");
            var palmer = Player.Of(152982, "C. Palmer"); var jackson = Player.Of(283058, "N. Jackson"); var fernandez = Player.Of(5996, "E. Fernández");
            var madueke = Player.Of(161907, "N. Madueke"); var caicedo = Player.Of(116117, "M. Caicedo"); var nkunku = Player.Of(1468, "C. Nkunku");
            var m = Fixture(1208129, new Team(66, "Aston Villa"), new Team(49, "Chelsea"), at1500,
                new Venue(495, "Villa Park", "Birmingham"), "Samuel Barrott, England");
            m.Goal("watkins-20", P(20), H, watkins, 20, assist: rogers)
             .Card(P(31), A, caicedo, 31, comments: "Foul")
             .PenaltyGoal("palmer-40", P(40, null, 3), A, palmer, 40)
             .Goal("jackson-60", P(60), A, jackson, 60, assist: madueke)
             .Substitution(P(68), H, rogers, duran, 68, number: 1)
             .Substitution(P(75), A, madueke, nkunku, 75, number: 1)
             .Card(P(79), H, konsa, 79, comments: "Foul")
             .Goal("fernandez-83", P(83), A, fernandez, 83, assist: palmer);
            day.Add(m.Play(c));
        }

        // --- 17:30 Manchester United 1-1 Tottenham
        {
            var c = new MatchClock(pollClock.PollAt(at1730)) { FirstHalfStoppage = 3, HalfTimeMinutes = 15, SecondHalfStoppage = 6 };
            int P(int minute, int? extra = null, int lag = 2) => c.PollOf(minute, extra) + lag;
            var hojlund = Player.Of(284324, "R. Højlund"); var bruno = Player.Of(1485, "Bruno Fernandes"); var garnacho = Player.Of(284322, "A. Garnacho");
            var mainoo = Player.Of(328089, "K. Mainoo"); var zirkzee = Player.Of(19218, "J. Zirkzee");
            var son = Player.Of(186, "Son Heung-Min"); var maddison = Player.Of(18784, "J. Maddison"); var kulusevski = Player.Of(30435, "D. Kulusevski");
            var porro = Player.Of(47438, "Pedro Porro"); var bissouma = Player.Of(18813, "Y. Bissouma");
            var m = Fixture(1208130, new Team(33, "Manchester United"), new Team(47, "Tottenham"), at1730,
                new Venue(556, "Old Trafford", "Manchester"), "Jarred Gillett, Australia");
            m.Goal("hojlund-25", P(25), H, hojlund, 25, assist: bruno)
             .Card(P(38), A, porro, 38, comments: "Foul")
             .Card(P(52), H, mainoo, 52, comments: "Foul")
             .Substitution(P(64), H, hojlund, zirkzee, 64, number: 1)
             .Goal("son-71", P(71), A, son, 71, assist: maddison)
             .Substitution(P(77), A, kulusevski, bissouma, 77, number: 1)
             .Card(P(90, 4), H, garnacho, 90, 4, comments: "Time wasting");
            day.Add(m.Play(c));
        }

        // --- upstream faults: a 429 at 15:40, a quota errors envelope at 16:20
        day.TooManyRequests(pollClock.PollAt(new DateTimeOffset(2024, 11, 30, 15, 40, 0, TimeSpan.Zero)));
        day.ErrorsEnvelope(pollClock.PollAt(new DateTimeOffset(2024, 11, 30, 16, 20, 0, TimeSpan.Zero)));
        return day;
    }
}
