using System.CommandLine;
using Footy.Cli.Commands;
using Footy.Cli.Commands.Inspect;

// Results go to stdout and nothing else does: libraries that print (Akka's fallback logger during
// shutdown, for one) write to Console.Out, which from here on is stderr.
CommandOutput.Capture();

var root = new RootCommand("Footy.Actors: automated football highlights on an Akka.NET actor runtime.")
{
    RunCommand.Create(),
    ReplayCommand.Create(),
    RecordCommand.Create(),
    DemoCommand.Create(),
    ConfigCommand.Create(),
    StatusCommand.Create(),
    ClusterCommands.Create(),
    ShardingCommands.Create(),
    ActorCommands.Create(),
    LogCommands.Create(),
};
foreach (var command in DomainCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(DomainCommands.Retry());
root.Subcommands.Add(DomainCommands.Backfill());
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = CommandOutput.Out, Error = Console.Error });
