using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;

namespace Footy.Admin;

/// <summary>One log line as <c>footy log peek/tail</c> shows it.</summary>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, string Level, string Source, string Message, string? Exception);

/// <summary>
/// The last log lines in memory (a Serilog sink) and live subscribers for <c>footy log tail</c>. Bounded: the
/// ring drops its oldest line, and a subscriber that cannot keep up loses lines rather than growing a queue.
/// </summary>
public sealed class LogRing(int capacity) : ILogEventSink
{
    private const int SubscriberBuffer = 1000;
    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly List<Channel<LogLine>> _subscribers = [];
    private readonly Lock _gate = new();
    private long _written;

    public void Emit(LogEvent logEvent)
    {
        var source = logEvent.Properties.TryGetValue("SourceContext", out var context) ? context.ToString().Trim('"') : "";
        lock (_gate)
        {
            var line = new LogLine(_written + 1, logEvent.Timestamp, logEvent.Level.ToString(), source,
                logEvent.RenderMessage(), logEvent.Exception?.ToString());
            _lines[_written % _lines.Length] = line;
            _written++;
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(line);
        }
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Peek(int count)
    {
        lock (_gate)
        {
            var available = (int)Math.Min(_written, _lines.Length);
            var take = Math.Clamp(count, 0, available);
            var lines = new List<LogLine>(take);
            for (var i = _written - take; i < _written; i++) lines.Add(_lines[i % _lines.Length]);
            return lines;
        }
    }

    /// <summary>Every line written from now on until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<LogLine> TailAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(SubscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate) _subscribers.Add(channel);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(ct)) yield return line;
        }
        finally
        {
            lock (_gate) _subscribers.Remove(channel);
        }
    }
}

/// <summary>The process's log controls the admin endpoint exposes: the ring of recent lines and the runtime level switch.</summary>
public sealed record DaemonLogs(LogRing Ring, LoggingLevelSwitch Level)
{
    public static DaemonLogs Create(int ringSize, LogEventLevel level) => new(new LogRing(ringSize), new LoggingLevelSwitch(level));
}
