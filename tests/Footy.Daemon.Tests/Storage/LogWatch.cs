using Footy.Daemon.Tests.Infrastructure;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Storage;

/// <summary>
/// The daemon's log as a test sees it: warnings go to the test output (as <see cref="TestLogging"/>), and every line
/// is kept so the test can assert on it and wait for one to appear.
/// </summary>
public sealed class LogWatch : ILogEventSink
{
    private readonly List<(LogEventLevel Level, string Text)> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waits = [];

    public Serilog.ILogger Logger(ITestOutputHelper output) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Logger(TestLogging.For(output))
        .WriteTo.Sink(this)
        .CreateLogger();

    public void Emit(LogEvent logEvent)
    {
        var text = logEvent.RenderMessage();
        lock (_lines)
        {
            _lines.Add((logEvent.Level, text));
            foreach (var (match, seen) in _waits.Where(w => w.Match(text))) seen.TrySetResult();
        }
    }

    /// <summary>Completes when a line containing <paramref name="fragment"/> has been logged (also if it already was).</summary>
    public Task Seen(string fragment)
    {
        lock (_lines)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_lines.Any(l => l.Text.Contains(fragment, StringComparison.Ordinal))) seen.SetResult();
            else _waits.Add((text => text.Contains(fragment, StringComparison.Ordinal), seen));
            return seen.Task;
        }
    }

    public IReadOnlyList<string> Lines(string fragment, LogEventLevel atLeast = LogEventLevel.Verbose)
    {
        lock (_lines) return _lines.Where(l => l.Level >= atLeast && l.Text.Contains(fragment, StringComparison.Ordinal)).Select(l => l.Text).ToList();
    }
}
