using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Serilog.Events;

namespace Footy.Daemon.Hosting;

/// <summary>Routes Akka's own log events into Serilog (the Akka.Logger.Serilog package is not on our feed).</summary>
public sealed class SerilogAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public SerilogAkkaLogger()
    {
        Receive<Debug>(e => Write(LogEventLevel.Debug, e));
        Receive<Info>(e => Write(LogEventLevel.Information, e));
        Receive<Warning>(e => Write(LogEventLevel.Warning, e));
        Receive<Error>(e => Write(LogEventLevel.Error, e));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    private static void Write(LogEventLevel level, Akka.Event.LogEvent e)
    {
        var logger = Serilog.Log.ForContext("SourceContext", e.LogSource);
        if (!logger.IsEnabled(level)) return;
        var cause = (e as Error)?.Cause;
        var message = e.Message switch
        {
            LogMessage m => m.ToString(),
            null => "",
            var other => other.ToString(),
        };
        logger.Write(level, cause, "{AkkaMessage:l}", message);
    }
}
