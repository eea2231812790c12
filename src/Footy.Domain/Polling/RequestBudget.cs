namespace Footy.Domain.Polling;

/// <summary>The configured API-Football plan limits (free plan: 100 a day, 10 a minute). Both must be at least 1.</summary>
public sealed record RequestBudgetOptions(int DailyLimit = 100, int PerMinuteLimit = 10)
{
    private readonly int _dailyLimit = AtLeastOne(DailyLimit, nameof(DailyLimit));
    private readonly int _perMinuteLimit = AtLeastOne(PerMinuteLimit, nameof(PerMinuteLimit));

    public int DailyLimit { get => _dailyLimit; init => _dailyLimit = AtLeastOne(value, nameof(DailyLimit)); }

    public int PerMinuteLimit { get => _perMinuteLimit; init => _perMinuteLimit = AtLeastOne(value, nameof(PerMinuteLimit)); }

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
}

/// <summary>
/// The API request budget: calls used in the current UTC day (the upstream resets at 00:00 UTC) and in the current
/// UTC minute (a fixed window aligned to the minute). Pure: every method takes the current time; time going
/// backwards never rolls a window back.
/// </summary>
/// <param name="Day">UTC day the daily count belongs to (<see cref="DateOnly.MinValue"/> before first use).</param>
/// <param name="DailyLimit">Effective daily limit: the configured one, lowered by the server's header if smaller.</param>
/// <param name="MinuteStart">Start of the minute window <paramref name="UsedThisMinute"/> belongs to.</param>
/// <param name="MinuteLimit">Effective per-minute limit: configured, lowered by the server's header if smaller.</param>
public sealed record RequestBudget(
    RequestBudgetOptions Options,
    DateOnly Day,
    int UsedToday,
    int DailyLimit,
    DateTimeOffset MinuteStart,
    int UsedThisMinute,
    int MinuteLimit)
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    public static RequestBudget Start(RequestBudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options, DateOnly.MinValue, 0, options.DailyLimit, DateTimeOffset.MinValue, 0, options.PerMinuteLimit);
    }

    public bool CanSpend(int calls, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        var b = RollTo(now);
        return b.UsedToday + calls <= b.DailyLimit && b.UsedThisMinute + calls <= b.MinuteLimit;
    }

    /// <summary>Records calls actually made. Does not refuse: check <see cref="CanSpend"/> first.</summary>
    public RequestBudget Spend(int calls, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        var b = RollTo(now);
        return b with { UsedToday = b.UsedToday + calls, UsedThisMinute = b.UsedThisMinute + calls };
    }

    /// <summary>
    /// Takes in the rate-limit headers of a response received at <paramref name="now"/>
    /// (<c>x-ratelimit-requests-limit/-remaining</c> for the day, <c>X-RateLimit-Limit/-Remaining</c> for the minute).
    /// A limit &gt; 0 becomes the effective limit if it is below the configured one (the configured one is a cap the
    /// server cannot raise). A remaining count &gt;= 0 tells how many calls the server has counted today (its limit minus
    /// its remaining, e.g. calls made before a restart or by another client of the same key); that count wins when it
    /// is higher than ours, so our remaining is never above the server's and calls are never given back.
    /// Null, negative remaining and limits &lt;= 0 are ignored.
    /// </summary>
    public RequestBudget ObserveHeaders(int? dailyLimit, int? dailyRemaining, int? minuteLimit, int? minuteRemaining, DateTimeOffset now)
    {
        var b = RollTo(now);
        var day = dailyLimit is > 0 ? Math.Min(Options.DailyLimit, dailyLimit.Value) : b.DailyLimit;
        var minute = minuteLimit is > 0 ? Math.Min(Options.PerMinuteLimit, minuteLimit.Value) : b.MinuteLimit;
        var usedToday = b.UsedToday;
        var usedMinute = b.UsedThisMinute;
        // The server's used count is its limit minus its remaining (measured against our effective limit when it
        // sent no limit). Our limit is never above the server's, so this also caps our remaining at its remaining.
        if (dailyRemaining is >= 0)
        {
            var serverLimit = dailyLimit is > 0 ? dailyLimit.Value : day;
            usedToday = Math.Max(usedToday, serverLimit - dailyRemaining.Value);
        }

        if (minuteRemaining is >= 0)
        {
            var serverLimit = minuteLimit is > 0 ? minuteLimit.Value : minute;
            usedMinute = Math.Max(usedMinute, serverLimit - minuteRemaining.Value);
        }

        return b with { DailyLimit = day, MinuteLimit = minute, UsedToday = usedToday, UsedThisMinute = usedMinute };
    }

    public int RemainingToday(DateTimeOffset now)
    {
        var b = RollTo(now);
        return Math.Max(0, b.DailyLimit - b.UsedToday);
    }

    /// <summary>
    /// How long to wait between poll cycles that cost <paramref name="callsPerCycle"/> calls: at least
    /// <paramref name="configured"/>; stretched so the calls remaining today last until the next UTC midnight;
    /// never faster than the per-minute limit allows. When not even one cycle remains today, the time until
    /// midnight (polling degrades, it never stops for good).
    /// </summary>
    public TimeSpan PollInterval(int callsPerCycle, TimeSpan configured, DateTimeOffset now)
    {
        if (configured < TimeSpan.Zero) configured = TimeSpan.Zero;
        if (callsPerCycle <= 0) return configured;

        var b = RollTo(now);
        var untilMidnight = UntilNextUtcMidnight(now);
        var remaining = Math.Max(0, b.DailyLimit - b.UsedToday);
        var cycles = remaining / callsPerCycle;
        if (cycles == 0)
        {
            return Max(configured, untilMidnight);
        }

        var stretched = untilMidnight / cycles;
        var perMinuteFloor = OneMinute * callsPerCycle / b.MinuteLimit;
        return Max(Max(configured, stretched), perMinuteFloor);
    }

    public static TimeSpan UntilNextUtcMidnight(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero) - utc;
    }

    /// <summary>This budget as seen at <paramref name="now"/>: new UTC day or new minute window resets the counts.</summary>
    public RequestBudget RollTo(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var day = DateOnly.FromDateTime(utc.UtcDateTime);
        var minuteStart = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var b = this;
        if (day > b.Day)
        {
            b = b with { Day = day, UsedToday = 0 };
        }

        if (minuteStart > b.MinuteStart)
        {
            b = b with { MinuteStart = minuteStart, UsedThisMinute = 0 };
        }

        return b;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
