using System.CommandLine;
using Footy.Cli.Commands;

// Results go to stdout and nothing else does: libraries that print (Akka's fallback logger during
// shutdown, for one) write to Console.Out, which from here on is stderr.
CommandOutput.Capture();

var root = new RootCommand("Footy.Actors: automated football highlights on an Akka.NET actor runtime.")
{
    RunCommand.Create(),
    ReplayCommand.Create(),
    RecordCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = CommandOutput.Out, Error = Console.Error });
