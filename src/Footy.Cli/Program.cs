using System.CommandLine;
using Footy.Cli.Commands;

var root = new RootCommand("Footy.Actors: automated football highlights on an Akka.NET actor runtime.")
{
    RunCommand.Create(),
    ReplayCommand.Create(),
    RecordCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
