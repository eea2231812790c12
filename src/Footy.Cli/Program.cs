using System.CommandLine;
using System.CommandLine.Parsing;
using Footy.Cli.Commands;
using Footy.Cli.Commands.Inspect;
using Footy.Cli.Setup;

// Results go to stdout and nothing else does: libraries that print (Akka's fallback logger during
// shutdown, for one) write to Console.Out, which from here on is stderr.
CommandOutput.Capture();
Footy.Daemon.Hosting.NativeHeap.LimitArenasFromRuntimeConfig();

var root = new RootCommand("Footy.Actors: automated football highlights on an Akka.NET actor runtime.")
{
    RunCommand.Create(),
    ReplayCommand.Create(),
    ReplayCommand.CreateNode(),
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
root.Subcommands.Add(RetentionCommand.Create());
root.Subcommands.Add(ReadModelCommand.Create());
using var termination = new Termination();
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(
    new InvocationConfiguration { Output = CommandOutput.Out, Error = Console.Error, ProcessTerminationTimeout = null }, termination.Token);
if (termination.Signal is { } signal) Console.Error.WriteLine($"footy {CommandPath(parsed.CommandResult)}: stopped on {signal}");
return exitCode;

static string CommandPath(CommandResult command) =>
    command.Parent is CommandResult parent ? (parent.Parent is null ? command.Command.Name : CommandPath(parent) + " " + command.Command.Name) : command.Command.Name;
