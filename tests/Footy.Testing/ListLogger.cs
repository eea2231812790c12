using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Footy.Testing;

/// <summary>Captures every log entry, with its structured values, for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, string Everything)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        var all = new StringBuilder(message);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
            foreach (var kv in values) all.Append(' ').Append(kv.Key).Append('=').Append(kv.Value);
        if (exception is not null) all.Append(' ').Append(exception);
        Entries.Enqueue((logLevel, message, all.ToString()));
    }

    public string All => string.Join("\n", Entries.Select(e => e.Message));

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message);
}
