using FsCheck.Xunit;
using Footy.Domain.Polling;

namespace Footy.Domain.Tests;

public class RequestBudgetProperties
{
    private static readonly DateTimeOffset Start = new(2025, 5, 10, 20, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public void Never_allows_more_than_the_limits(int[] steps, byte daily, byte minute)
    {
        var options = new RequestBudgetOptions(1 + daily % 60, 1 + minute % 10);
        var budget = RequestBudget.Start(options);
        var now = Start;
        var perDay = new Dictionary<DateOnly, int>();
        var perMinute = new Dictionary<long, int>();

        foreach (var raw in steps ?? [])
        {
            var x = raw & int.MaxValue;
            now = now.AddSeconds(x % 4000);
            var calls = 1 + x / 4000 % 5;
            if (x % 7 == 0)
            {
                // Arbitrary server headers, including nonsense.
                budget = budget.ObserveHeaders(x % 3 - 1 + x % 200, x % 11 - 2, x % 5 - 1, x % 13 - 3, now);
            }

            if (!budget.CanSpend(calls, now)) continue;
            budget = budget.Spend(calls, now);

            var day = DateOnly.FromDateTime(now.UtcDateTime);
            perDay[day] = perDay.GetValueOrDefault(day) + calls;
            var minuteKey = now.UtcTicks / TimeSpan.TicksPerMinute;
            perMinute[minuteKey] = perMinute.GetValueOrDefault(minuteKey) + calls;

            Assert.True(perDay[day] <= options.DailyLimit, $"{perDay[day]} calls on {day}");
            Assert.True(perMinute[minuteKey] <= options.PerMinuteLimit, $"{perMinute[minuteKey]} calls in one minute");
            Assert.True(budget.RemainingToday(now) <= Math.Max(0, budget.DailyLimit - perDay[day]), "remaining counts every spend");
        }
    }

    [Property(MaxTest = 300)]
    public void Server_remaining_is_an_upper_bound(ushort used, ushort limit, ushort remaining, int offsetSeconds)
    {
        var now = Start.AddSeconds(offsetSeconds % 200_000);
        var b = RequestBudget.Start(new RequestBudgetOptions(DailyLimit: 500)).Spend(used % 600, now);
        var before = b.RemainingToday(now);

        var observed = b.ObserveHeaders(limit % 1000, remaining % 600, null, null, now);
        Assert.True(observed.RemainingToday(now) <= remaining % 600);

        var noLimit = b.ObserveHeaders(null, remaining % 600, null, null, now);
        Assert.True(noLimit.RemainingToday(now) <= Math.Min(before, remaining % 600));
    }

    [Property(MaxTest = 300)]
    public void Poll_interval_keeps_the_day_within_budget(ushort used, byte callsRaw, ushort configuredSeconds, int offsetSeconds, byte perMinute)
    {
        var now = Start.AddSeconds((offsetSeconds & int.MaxValue) % 300_000);
        var options = new RequestBudgetOptions(DailyLimit: 100, PerMinuteLimit: 1 + perMinute % 30);
        var b = RequestBudget.Start(options).Spend(used % 120, now);
        var calls = 1 + callsRaw % 10;
        var configured = TimeSpan.FromSeconds(configuredSeconds % 900);

        var interval = b.PollInterval(calls, configured, now);

        var untilMidnight = RequestBudget.UntilNextUtcMidnight(now);
        var minuteFloor = TimeSpan.FromMinutes(1) * calls / options.PerMinuteLimit;
        var remaining = b.RemainingToday(now);
        Assert.True(interval >= configured);
        Assert.True(interval > TimeSpan.Zero);
        Assert.True(interval <= new[] { configured, untilMidnight, minuteFloor }.Max(), "polling never stops for good");
        if (remaining >= calls)
        {
            Assert.True(interval >= minuteFloor);
            var cyclesBeforeMidnight = (long)Math.Floor(untilMidnight / interval);
            Assert.True(cyclesBeforeMidnight * calls <= remaining, $"{cyclesBeforeMidnight} cycles x {calls} > {remaining}");
        }
        else
        {
            Assert.True(interval >= untilMidnight);
        }
    }
}
