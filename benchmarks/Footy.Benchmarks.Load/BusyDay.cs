using Footy.Scenarios;

namespace Footy.Benchmarks.Load;

/// <summary>
/// A generated busy day without clips, for the replay benchmark and the idle-memory measurement: <c>fixtures</c>
/// overlapping matches (kickoffs within an hour, no API faults, no postponements) polled every 60 s, about three hours
/// of polls from 35 minutes before the first kickoff to the last final whistle.
/// </summary>
public static class BusyDay
{
    public const int PollIntervalSeconds = 60;

    public static (int Fixtures, int Polls) Write(string directory, int fixtures, int seed)
    {
        var day = RandomScenarios.Day(seed, new RandomDayOptions
        {
            MinFixtures = fixtures,
            MaxFixtures = fixtures,
            MaxKickoffSpreadMinutes = 60,
            PollIntervalSeconds = PollIntervalSeconds,
            FaultChance = 0,
            PostponedChance = 0,
        });
        day.WriteRecordingWithExpected(directory);
        return (day.Matches.Count, day.PollCount);
    }
}
