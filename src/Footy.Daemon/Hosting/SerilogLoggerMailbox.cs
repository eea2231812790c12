using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.Event;
using LogEventLevel = Serilog.Events.LogEventLevel;

namespace Footy.Daemon.Hosting;

/// <summary>
/// The mailbox of Akka's logger actors. Akka's own logger mailbox prints whatever is still queued when the
/// logger stops to the console in Akka's raw format (<c>[INFO][...][remoting-terminator] Remoting shut down.</c>),
/// whatever <c>akka.stdout-loglevel</c> says; this one hands those last events to Serilog like every other.
/// Selected in HOCON by <c>akka.actor.mailbox.logger-queue.mailbox-type</c>.
/// </summary>
public sealed class SerilogLoggerMailboxType(Settings settings, Akka.Configuration.Config config)
    : MailboxType(settings, config), IProducesMessageQueue<SerilogLoggerMailbox>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new SerilogLoggerMailbox();
}

public sealed class SerilogLoggerMailbox : IMessageQueue, IUnboundedMessageQueueSemantics, ILoggerMessageQueueSemantics
{
    private readonly UnboundedMessageQueue _queue = new();

    public bool HasMessages => _queue.HasMessages;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope) => _queue.Enqueue(receiver, envelope);

    public bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (_queue.TryDequeue(out var envelope))
            if (envelope.Message is LogEvent e) Write(e);
        _queue.CleanUp(owner, deadletters);
    }

    private static void Write(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => LogEventLevel.Debug,
            LogLevel.InfoLevel => LogEventLevel.Information,
            LogLevel.WarningLevel => LogEventLevel.Warning,
            _ => LogEventLevel.Error,
        };
        Serilog.Log.Logger
            .ForContext("SourceContext", e.LogClass?.FullName ?? e.LogSource)
            .ForContext("LogSource", e.LogSource)
            .Write(level, (e as Error)?.Cause, "{Message:l}", e.Message?.ToString() ?? "");
    }
}
