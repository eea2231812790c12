using Footy.Admin;
using Footy.Daemon.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Footy.Cli.Setup;

/// <summary>Serilog for every command: a rolling file in the data directory, plus the console as the command needs it.</summary>
public static class LogSetup
{
    public enum Console { Everything, DomainEventsToStderr, WarningsToStderr }

    /// <summary>The logger, and the ring and level switch the admin endpoint exposes (<c>footy log peek/tail/level</c>).</summary>
    public static (Serilog.ILogger Logger, DaemonLogs Controls) Create(FootyOptions options, IConfiguration configuration, Console console)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["Logging:MinimumLevel"], true, out var parsed) ? parsed : LogEventLevel.Information;
        var controls = DaemonLogs.Create(options.Admin.LogRingSize, level);
        var logs = Path.Combine(Path.GetFullPath(options.DataDirectory), "logs");
        Directory.CreateDirectory(logs);
        var config = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(controls.Level)
            .WriteTo.Sink(controls.Ring)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // IHttpClientFactory's four lines per request were 94 % of a replay's log (every poll, every clip search).
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<AkkaStringSourceEnricher>()
            .WriteTo.File(Path.Combine(logs, "footy-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                fileSizeLimitBytes: 50_000_000, rollOnFileSizeLimit: true,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        const string template = "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}";
        switch (console)
        {
            case Console.Everything:
                config.WriteTo.Console(outputTemplate: template);
                break;
            case Console.DomainEventsToStderr:
                config.WriteTo.Logger(l => l
                    .Filter.ByIncludingOnly(e => e.Level >= LogEventLevel.Warning || IsDomainEvent(e))
                    .WriteTo.Console(outputTemplate: template, standardErrorFromLevel: LogEventLevel.Verbose));
                break;
            case Console.WarningsToStderr:
                config.WriteTo.Console(outputTemplate: template, restrictedToMinimumLevel: LogEventLevel.Warning,
                    standardErrorFromLevel: LogEventLevel.Verbose);
                break;
        }
        // Akka's logger actor writes through the static logger: one process, one log.
        var logger = config.CreateLogger();
        Log.Logger = logger;
        return (logger, controls);
    }

    /// <summary>
    /// Akka logs from plain strings (Remoting, Cluster) carry a stand-in class (DummyClassForStringSources) as SourceContext; their LogSource
    /// (e.g. <c>remoting (akka://footy)</c>) says where they come from.
    /// </summary>
    private sealed class AkkaStringSourceEnricher : ILogEventEnricher
    {
        private static readonly string Placeholder = typeof(Akka.Event.DummyClassForStringSources).FullName!;

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            if (logEvent.Properties.TryGetValue("SourceContext", out var context)
                && context is ScalarValue { Value: string name } && name == Placeholder
                && logEvent.Properties.TryGetValue("LogSource", out var source))
                logEvent.AddOrUpdateProperty(new LogEventProperty("SourceContext", source));
        }
    }

    /// <summary>The fixture and goal actors' own story (scheduled, active, new goal, confirmed...), not Akka's housekeeping.</summary>
    private static bool IsDomainEvent(LogEvent e) =>
        e.Level == LogEventLevel.Information
        && e.MessageTemplate.Text is var text
        && (text.StartsWith("Goal ", StringComparison.Ordinal) || text.StartsWith("Fixture ", StringComparison.Ordinal));
}
