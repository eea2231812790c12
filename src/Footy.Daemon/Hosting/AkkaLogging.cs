using Akka.Hosting;
using Akka.Logger.Serilog;

namespace Footy.Daemon.Hosting;

/// <summary>
/// Akka's own log events go to Serilog (Akka.Logger.Serilog) with structured properties (LogSource, ActorPath,
/// SourceContext), never to the terminal in Akka's raw format.
/// </summary>
public static class AkkaLogging
{
    public static AkkaConfigurationBuilder WithFootyLogging(this AkkaConfigurationBuilder akka) =>
        akka.AddHocon($$"""
                # Akka's stdout logger covers the moments before the loggers start and after they stop at shutdown.
                akka.stdout-loglevel = OFF
                # What is still queued for the Serilog logger when it stops goes to Serilog, not to the console.
                akka.actor.mailbox.logger-queue.mailbox-type = "{{typeof(SerilogLoggerMailboxType).AssemblyQualifiedName}}"
                akka.log-dead-letters-during-shutdown = off
                akka.cluster.log-info = off
                """, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddSerilogLogging();
            });
}
