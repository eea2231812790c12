namespace Footy.Scenarios;

/// <summary>A competition the random generator can draw from, with its teams and (for leagues) its cup.</summary>
public sealed record CompetitionPool(League League, League Cup, IReadOnlyList<(Team Team, Venue Venue)> Teams);

/// <summary>Real competition and team ids (API-Football) with generated, stable squads.</summary>
public static class Rosters
{
    private static string Flag(string code) => $"https://media.api-sports.io/flags/{code}.svg";

    public static readonly IReadOnlyList<CompetitionPool> Pools = new[]
    {
        new CompetitionPool(
            new League(39, "Premier League", "England", 2024, "Regular Season - 20", Flag("gb-eng")),
            new League(45, "FA Cup", "England", 2024, "4th Round", Flag("gb-eng")),
            new (Team, Venue)[]
            {
                (new(42, "Arsenal"), new(494, "Emirates Stadium", "London")),
                (new(49, "Chelsea"), new(519, "Stamford Bridge", "London")),
                (new(40, "Liverpool"), new(550, "Anfield", "Liverpool")),
                (new(50, "Manchester City"), new(555, "Etihad Stadium", "Manchester")),
                (new(33, "Manchester United"), new(556, "Old Trafford", "Manchester")),
                (new(47, "Tottenham"), new(593, "Tottenham Hotspur Stadium", "London")),
                (new(34, "Newcastle"), new(562, "St. James' Park", "Newcastle upon Tyne")),
                (new(66, "Aston Villa"), new(495, "Villa Park", "Birmingham")),
                (new(51, "Brighton"), new(508, "American Express Stadium", "Falmer, East Sussex")),
                (new(48, "West Ham"), new(598, "London Stadium", "London")),
                (new(45, "Everton"), new(8560, "Goodison Park", "Liverpool")),
                (new(36, "Fulham"), new(535, "Craven Cottage", "London")),
                (new(55, "Brentford"), new(10503, "Gtech Community Stadium", "Brentford, Middlesex")),
                (new(39, "Wolves"), new(600, "Molineux Stadium", "Wolverhampton, West Midlands")),
                (new(52, "Crystal Palace"), new(525, "Selhurst Park", "London")),
                (new(65, "Nottingham Forest"), new(566, "The City Ground", "Nottingham, Nottinghamshire")),
            }),
        new CompetitionPool(
            new League(140, "La Liga", "Spain", 2024, "Regular Season - 20", Flag("es")),
            new League(143, "Copa del Rey", "Spain", 2024, "Quarter-finals", Flag("es")),
            new (Team, Venue)[]
            {
                (new(529, "Barcelona"), new(19939, "Estadi Olímpic Lluís Companys", "Barcelona")),
                (new(541, "Real Madrid"), new(1456, "Estadio Santiago Bernabéu", "Madrid")),
                (new(530, "Atletico Madrid"), new(19217, "Estadio Cívitas Metropolitano", "Madrid")),
                (new(536, "Sevilla"), new(1494, "Estadio Ramón Sánchez Pizjuán", "Sevilla")),
                (new(532, "Valencia"), new(1497, "Estadio de Mestalla", "Valencia")),
                (new(533, "Villarreal"), new(1498, "Estadio de la Cerámica", "Villarreal")),
                (new(548, "Real Sociedad"), new(1491, "Reale Arena", "Donostia-San Sebastián")),
                (new(531, "Athletic Club"), new(1460, "San Mamés Barria", "Bilbao")),
                (new(543, "Real Betis"), new(1489, "Estadio Benito Villamarín", "Sevilla")),
                (new(538, "Celta Vigo"), new(1472, "Abanca-Balaídos", "Vigo")),
                (new(546, "Getafe"), new(1480, "Coliseum Alfonso Pérez", "Getafe")),
                (new(727, "Osasuna"), new(1486, "Estadio El Sadar", "Iruñea")),
            }),
        new CompetitionPool(
            new League(78, "Bundesliga", "Germany", 2024, "Regular Season - 18", Flag("de")),
            new League(81, "DFB Pokal", "Germany", 2024, "Quarter-finals", Flag("de")),
            new (Team, Venue)[]
            {
                (new(157, "Bayern München"), new(700, "Allianz Arena", "München")),
                (new(165, "Borussia Dortmund"), new(702, "SIGNAL IDUNA PARK", "Dortmund")),
                (new(173, "RB Leipzig"), new(738, "Red Bull Arena", "Leipzig")),
                (new(168, "Bayer Leverkusen"), new(699, "BayArena", "Leverkusen")),
                (new(169, "Eintracht Frankfurt"), new(747, "Deutsche Bank Park", "Frankfurt am Main")),
                (new(172, "VfB Stuttgart"), new(735, "MHPArena", "Stuttgart")),
                (new(163, "Borussia Mönchengladbach"), new(704, "Stadion im BORUSSIA-PARK", "Mönchengladbach")),
                (new(161, "VfL Wolfsburg"), new(707, "Volkswagen Arena", "Wolfsburg")),
                (new(160, "SC Freiburg"), new(12717, "Europa-Park Stadion", "Freiburg im Breisgau")),
                (new(162, "Werder Bremen"), new(703, "wohninvest WESERSTADION", "Bremen")),
                (new(182, "Union Berlin"), new(744, "Stadion An der Alten Försterei", "Berlin")),
                (new(167, "1899 Hoffenheim"), new(713, "PreZero Arena", "Sinsheim")),
            }),
        new CompetitionPool(
            new League(135, "Serie A", "Italy", 2024, "Regular Season - 20", Flag("it")),
            new League(137, "Coppa Italia", "Italy", 2024, "Quarter-finals", Flag("it")),
            new (Team, Venue)[]
            {
                (new(505, "Inter"), new(907, "Stadio Giuseppe Meazza", "Milano")),
                (new(489, "AC Milan"), new(907, "Stadio Giuseppe Meazza", "Milano")),
                (new(496, "Juventus"), new(909, "Allianz Stadium", "Torino")),
                (new(492, "Napoli"), new(905, "Stadio Diego Armando Maradona", "Napoli")),
                (new(497, "AS Roma"), new(910, "Stadio Olimpico", "Roma")),
                (new(487, "Lazio"), new(910, "Stadio Olimpico", "Roma")),
                (new(499, "Atalanta"), new(11904, "Gewiss Stadium", "Bergamo")),
                (new(502, "Fiorentina"), new(902, "Stadio Artemio Franchi", "Firenze")),
                (new(500, "Bologna"), new(881, "Stadio Renato Dall'Ara", "Bologna")),
                (new(503, "Torino"), new(943, "Stadio Olimpico Grande Torino", "Torino")),
                (new(494, "Udinese"), new(12335, "Bluenergy Stadium", "Udine")),
                (new(495, "Genoa"), new(882, "Stadio Comunale Luigi Ferraris", "Genova")),
            }),
        new CompetitionPool(
            new League(61, "Ligue 1", "France", 2024, "Regular Season - 18", Flag("fr")),
            new League(66, "Coupe de France", "France", 2024, "Round of 16", Flag("fr")),
            new (Team, Venue)[]
            {
                (new(85, "Paris Saint Germain"), new(671, "Parc des Princes", "Paris")),
                (new(81, "Marseille"), new(12678, "Orange Vélodrome", "Marseille")),
                (new(80, "Lyon"), new(666, "Groupama Stadium", "Décines-Charpieu")),
                (new(91, "Monaco"), new(20, "Stade Louis-II", "Monaco")),
                (new(79, "Lille"), new(19207, "Decathlon Arena – Stade Pierre-Mauroy", "Villeneuve d'Ascq")),
                (new(84, "Nice"), new(2028, "Allianz Riviera", "Nice")),
                (new(116, "Lens"), new(662, "Stade Bollaert-Delelis", "Lens")),
                (new(94, "Rennes"), new(680, "Roazhon Park", "Rennes")),
                (new(83, "Nantes"), new(662, "Stade de la Beaujoire - Louis Fonteneau", "Nantes")),
                (new(95, "Strasbourg"), new(681, "Stade de la Meinau", "Strasbourg")),
                (new(106, "Stade Brestois 29"), new(648, "Stade Francis-Le Blé", "Brest")),
                (new(96, "Toulouse"), new(682, "Stadium de Toulouse", "Toulouse")),
            }),
    };

    private static readonly string[] Initials =
        { "A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "O.", "P.", "R.", "S.", "T.", "V.", "W.", "Y.", "Z.", "Á.", "É." };

    private static readonly string[] Surnames =
    {
        "Núñez", "Müller", "Dembélé", "Ødegaard", "Gündoğan", "Šeško", "Sørloth", "Fernández", "García", "Rodríguez",
        "Silva", "Santos", "Kane", "Smith", "Rossi", "Bianchi", "Kovačić", "Lewandowski", "Kimmich", "Pavard",
        "Mbeumo", "Wissa", "Isak", "Gordon", "Palmer", "Saka", "Rice", "Foden", "Diallo", "Traoré",
        "Koné", "Mendy", "Camara", "Lacroix", "Giménez", "Reijnders", "de Jong", "van Dijk", "O'Brien", "Martínez",
        "Hernández", "López", "Pérez", "Sánchez", "Gómez", "Díaz", "Álvarez", "Romero", "Suárez", "Torres",
        "Ramos", "Vázquez", "Castro", "Ortega", "Delgado", "Schäfer", "Wagner", "Becker", "Hoffmann", "Krüger",
        "Esposito", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
        "Moreau", "Laurent", "Lefèvre", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
        "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
        "Ndiaye", "Sarr", "Mané", "Osimhen", "Adeyemi", "Okafor", "Tchouaméni", "Çalhanoğlu", "Yıldız", "Szoboszlai",
    };

    private static readonly Dictionary<int, IReadOnlyList<Player>> Squads = new();

    /// <summary>A stable squad of 20 for a team: index 0 is the goalkeeper, 1-4 defenders, 5-9 midfielders,
    /// 10-12 forwards, 13-19 the bench. Player ids are unique per team id.</summary>
    public static IReadOnlyList<Player> Squad(int teamId)
    {
        lock (Squads)
        {
            if (Squads.TryGetValue(teamId, out var squad)) return squad;
            var rng = new ScenarioRandom(unchecked(teamId * 7919 + 17));
            var surnames = rng.Shuffled(Surnames).Take(20).ToList();
            var list = new List<Player>();
            for (int i = 0; i < 20; i++)
                list.Add(new Player(100000 + teamId * 40 + i, $"{rng.Pick(Initials)} {surnames[i]}"));
            Squads[teamId] = list;
            return list;
        }
    }
}
