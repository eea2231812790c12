using System.Collections.Concurrent;
using Serilog;
using Serilog.Events;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Faults.Upstream;

/// <summary>The daemon's log lines of a test (information and up), kept to assert that a fault was reported, and its warnings echoed to the test output.</summary>
public sealed class CapturedLog : Serilog.Core.ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    private CapturedLog(ITestOutputHelper output) =>
        Logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Sink(this)
            .WriteTo.Logger(Infrastructure.TestLogging.For(output))
            .CreateLogger();

    public Serilog.ILogger Logger { get; }

    public static CapturedLog For(ITestOutputHelper output) => new(output);

    public IReadOnlyList<string> Lines => _lines.ToList();

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    public void Emit(LogEvent logEvent) => _lines.Enqueue(logEvent.RenderMessage());
}
