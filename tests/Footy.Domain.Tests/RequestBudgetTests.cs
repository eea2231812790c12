using Footy.Domain.Polling;

namespace Footy.Domain.Tests;

public class RequestBudgetTests
{
    private static readonly DateTimeOffset Noon = new(2025, 5, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly RequestBudget Free = RequestBudget.Start(new RequestBudgetOptions());

    [Fact]
    public void Defaults_are_the_free_plan()
    {
        var o = new RequestBudgetOptions();
        Assert.Equal((100, 10), (o.DailyLimit, o.PerMinuteLimit));
        Assert.Equal(100, Free.RemainingToday(Noon));
        Assert.True(Free.CanSpend(10, Noon));
        Assert.False(Free.CanSpend(11, Noon));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(100, 0)]
    [InlineData(-5, 10)]
    public void Options_must_be_positive(int daily, int minute) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBudgetOptions(daily, minute));

    [Fact]
    public void Per_minute_limit_resets_with_the_next_minute()
    {
        var b = Free.Spend(10, Noon.AddSeconds(5));
        Assert.False(b.CanSpend(1, Noon.AddSeconds(59)));
        Assert.True(b.CanSpend(10, Noon.AddMinutes(1)));
        Assert.Equal(90, b.RemainingToday(Noon.AddMinutes(1)));
    }

    [Fact]
    public void Daily_limit_holds_across_minutes_and_resets_at_utc_midnight()
    {
        var b = Free;
        var t = Noon;
        for (var i = 0; i < 10; i++, t = t.AddMinutes(1))
        {
            Assert.True(b.CanSpend(10, t));
            b = b.Spend(10, t);
        }

        Assert.Equal(0, b.RemainingToday(t));
        Assert.False(b.CanSpend(1, t.AddHours(11)));

        var justBefore = new DateTimeOffset(2025, 5, 10, 23, 59, 59, TimeSpan.Zero);
        Assert.False(b.CanSpend(1, justBefore));

        // 01:30 at +02:00 is still 23:30 UTC of the same day.
        Assert.False(b.CanSpend(1, new DateTimeOffset(2025, 5, 11, 1, 30, 0, TimeSpan.FromHours(2))));

        var midnight = new DateTimeOffset(2025, 5, 11, 0, 0, 0, TimeSpan.Zero);
        Assert.True(b.CanSpend(1, midnight));
        Assert.Equal(100, b.RemainingToday(midnight));
        var next = b.Spend(3, midnight);
        Assert.Equal(new DateOnly(2025, 5, 11), next.Day);
        Assert.Equal(97, next.RemainingToday(midnight));
    }

    [Fact]
    public void Time_going_backwards_does_not_give_calls_back()
    {
        var b = Free.Spend(10, Noon.AddMinutes(1));
        Assert.False(b.CanSpend(1, Noon));
        Assert.Equal(90, b.RemainingToday(Noon.AddDays(-1)));
    }

    [Fact]
    public void Server_remaining_wins_when_it_is_lower()
    {
        var b = Free.Spend(1, Noon).ObserveHeaders(100, 5, 10, 9, Noon);
        Assert.Equal(5, b.RemainingToday(Noon));
        Assert.True(b.CanSpend(5, Noon.AddMinutes(1)));
        Assert.False(b.CanSpend(6, Noon.AddMinutes(1)));
    }

    [Fact]
    public void Server_remaining_never_gives_calls_back()
    {
        var b = Free.Spend(20, Noon.AddMinutes(-2)).ObserveHeaders(100, 99, 10, 10, Noon);
        Assert.Equal(80, b.RemainingToday(Noon));
    }

    [Fact]
    public void Server_limit_lowers_but_never_raises_the_configured_limit()
    {
        Assert.Equal(50, Free.ObserveHeaders(50, null, null, null, Noon).RemainingToday(Noon));
        Assert.Equal(100, Free.ObserveHeaders(7500, null, null, null, Noon).RemainingToday(Noon));
        Assert.Equal(90, Free.ObserveHeaders(7500, 7490, null, null, Noon).RemainingToday(Noon));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Missing_or_non_positive_limits_are_ignored(int? limit)
    {
        var b = Free.ObserveHeaders(limit, null, limit, null, Noon);
        Assert.Equal((100, 10), (b.DailyLimit, b.MinuteLimit));
        Assert.True(b.CanSpend(10, Noon));
    }

    [Fact]
    public void Remaining_without_a_limit_is_measured_against_ours()
    {
        var b = Free.ObserveHeaders(null, 30, null, 0, Noon);
        Assert.Equal(30, b.RemainingToday(Noon));
        Assert.False(b.CanSpend(1, Noon));
        Assert.True(b.CanSpend(1, Noon.AddMinutes(1)));
    }

    [Fact]
    public void Negative_remaining_is_ignored()
    {
        var b = Free.ObserveHeaders(100, -3, 10, -1, Noon);
        Assert.Equal(100, b.RemainingToday(Noon));
        Assert.True(b.CanSpend(10, Noon));
    }

    [Fact]
    public void Server_minute_limit_is_applied()
    {
        var b = Free.ObserveHeaders(null, null, 2, 2, Noon);
        Assert.True(b.CanSpend(2, Noon));
        Assert.False(b.CanSpend(3, Noon));
    }

    [Fact]
    public void Headers_observed_on_a_new_day_apply_to_that_day()
    {
        var b = Free.Spend(90, Noon).ObserveHeaders(100, 60, null, null, Noon.AddDays(1));
        Assert.Equal(60, b.RemainingToday(Noon.AddDays(1)));
    }

    [Fact]
    public void Poll_interval_is_the_configured_one_when_calls_are_plenty()
    {
        var big = RequestBudget.Start(new RequestBudgetOptions(DailyLimit: 7500, PerMinuteLimit: 300));
        Assert.Equal(TimeSpan.FromSeconds(30), big.PollInterval(1, TimeSpan.FromSeconds(30), Noon));
    }

    [Fact]
    public void Poll_interval_stretches_so_the_day_lasts_until_midnight()
    {
        // 100 calls left, 12 hours to midnight, 1 call per cycle: one cycle every 7.2 minutes.
        Assert.Equal(TimeSpan.FromMinutes(7.2), Free.PollInterval(1, TimeSpan.FromSeconds(30), Noon));

        // 2 calls per cycle: 50 cycles in 12 hours.
        Assert.Equal(TimeSpan.FromMinutes(14.4), Free.PollInterval(2, TimeSpan.FromSeconds(30), Noon));

        // 40 calls left at 22:00: 40 cycles in 2 hours.
        var late = new DateTimeOffset(2025, 5, 10, 22, 0, 0, TimeSpan.Zero);
        var b = Free.Spend(60, late);
        Assert.Equal(TimeSpan.FromMinutes(3), b.PollInterval(1, TimeSpan.FromSeconds(30), late));
    }

    [Fact]
    public void Poll_interval_waits_for_midnight_when_nothing_remains()
    {
        var late = new DateTimeOffset(2025, 5, 10, 22, 0, 0, TimeSpan.Zero);
        var b = Free.ObserveHeaders(100, 0, null, null, late);
        Assert.Equal(TimeSpan.FromHours(2), b.PollInterval(1, TimeSpan.FromSeconds(30), late));

        var one = Free.ObserveHeaders(100, 1, null, null, late);
        Assert.Equal(TimeSpan.FromHours(2), one.PollInterval(2, TimeSpan.FromSeconds(30), late));
    }

    [Fact]
    public void Poll_interval_respects_the_per_minute_limit()
    {
        var b = RequestBudget.Start(new RequestBudgetOptions(DailyLimit: 1_000_000, PerMinuteLimit: 10));
        Assert.Equal(TimeSpan.FromSeconds(30), b.PollInterval(5, TimeSpan.FromSeconds(10), Noon));
        Assert.Equal(TimeSpan.FromSeconds(10), b.PollInterval(1, TimeSpan.FromSeconds(10), Noon));
    }

    [Fact]
    public void Poll_interval_is_never_below_the_configured_one()
    {
        var late = new DateTimeOffset(2025, 5, 10, 23, 59, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(5), Free.PollInterval(1, TimeSpan.FromMinutes(5), late));
        Assert.Equal(TimeSpan.FromMinutes(5), Free.PollInterval(0, TimeSpan.FromMinutes(5), late));
    }

    [Fact]
    public void Until_next_utc_midnight_handles_offsets()
    {
        Assert.Equal(TimeSpan.FromHours(12), RequestBudget.UntilNextUtcMidnight(Noon));
        Assert.Equal(TimeSpan.FromHours(10), RequestBudget.UntilNextUtcMidnight(new DateTimeOffset(2025, 5, 10, 16, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal(TimeSpan.FromDays(1), RequestBudget.UntilNextUtcMidnight(new DateTimeOffset(2025, 5, 11, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Negative_calls_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Free.Spend(-1, Noon));
        Assert.Throws<ArgumentOutOfRangeException>(() => Free.CanSpend(-1, Noon));
    }
}
