using Serilog;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Infrastructure;

public static class TestLogging
{
    /// <summary>Warnings and errors into the test's output; the daemon's full log stays quiet in tests.</summary>
    public static Serilog.ILogger For(ITestOutputHelper output) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Sink(new TestOutputSink(output))
        .CreateLogger();

    private sealed class TestOutputSink(ITestOutputHelper output) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent logEvent)
        {
            if (logEvent.Level < Serilog.Events.LogEventLevel.Warning) return;
            try
            {
                output.WriteLine($"[{logEvent.Level}] {logEvent.RenderMessage()} {logEvent.Exception?.GetBaseException().Message}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished; late shutdown logs have nowhere to go.
            }
        }
    }
}
