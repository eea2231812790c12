using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>
/// The daemon's log as a test sees it (information and up): warnings go to the test output (as <see cref="TestLogging"/>),
/// and every line is kept so the test can assert on it and wait for one to appear.
/// </summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly List<(LogEventLevel Level, string Text)> _lines = [];
    private readonly List<(string Fragment, TaskCompletionSource Seen)> _waits = [];

    private CapturedLog(ITestOutputHelper output) =>
        Logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Sink(this)
            .WriteTo.Logger(TestLogging.For(output))
            .CreateLogger();

    public static CapturedLog For(ITestOutputHelper output) => new(output);

    public Serilog.ILogger Logger { get; }

    public void Emit(LogEvent logEvent)
    {
        var text = logEvent.RenderMessage();
        lock (_lines)
        {
            _lines.Add((logEvent.Level, text));
            foreach (var (fragment, seen) in _waits.Where(w => text.Contains(w.Fragment, StringComparison.Ordinal))) seen.TrySetResult();
        }
    }

    /// <summary>Completes when a line containing <paramref name="fragment"/> has been logged (also if it already was).</summary>
    public Task Seen(string fragment)
    {
        lock (_lines)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_lines.Any(l => l.Text.Contains(fragment, StringComparison.Ordinal))) seen.SetResult();
            else _waits.Add((fragment, seen));
            return seen.Task;
        }
    }

    /// <summary>The lines containing <paramref name="fragment"/> at <paramref name="atLeast"/> or above.</summary>
    public IReadOnlyList<string> Lines(string fragment, LogEventLevel atLeast = LogEventLevel.Verbose)
    {
        lock (_lines) return _lines.Where(l => l.Level >= atLeast && l.Text.Contains(fragment, StringComparison.Ordinal)).Select(l => l.Text).ToList();
    }

    public int Count(string fragment) => Lines(fragment).Count;
}
