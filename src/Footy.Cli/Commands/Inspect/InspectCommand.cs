using System.CommandLine;
using System.Text.Json;
using Footy.Admin;
using Footy.Daemon.Configuration;

namespace Footy.Cli.Commands.Inspect;

/// <summary>
/// How every inspection command is built: <c>--endpoint</c>, <c>--json</c> and <c>--config</c>, one call to the admin
/// endpoint, the answer as a text table or as JSON on stdout, errors on stderr with a non-zero exit code.
/// </summary>
internal static class InspectCommand
{
    public static Command Create<T>(
        string name, string description, IReadOnlyList<Symbol> arguments,
        Func<AdminClient, ParseResult, CancellationToken, Task<T>> call, Func<T, string> text)
    {
        var endpoint = Endpoint();
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var config = CommonOptions.Config();
        var command = new Command(name, description) { endpoint, json, config };
        foreach (var symbol in arguments)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else if (symbol is Option option) command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) => await RunAsync(name, parse.GetValue(endpoint), parse.GetValue(config), streaming: false, async client =>
        {
            var result = await call(client, parse, ct);
            CommandOutput.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(result, AdminEndpoint.Json) + Environment.NewLine : text(result));
        }));
        return command;
    }

    /// <summary>A command that prints items as the daemon streams them (one JSON object a line with <c>--json</c>) until Ctrl-C.</summary>
    public static Command Stream<T>(string name, string description, string path, Func<T, string> text)
    {
        var endpoint = Endpoint();
        var json = new Option<bool>("--json") { Description = "Print each item as one line of JSON" };
        var config = CommonOptions.Config();
        var command = new Command(name, description) { endpoint, json, config };
        command.SetAction(async (parse, ct) => await RunAsync(name, parse.GetValue(endpoint), parse.GetValue(config), streaming: true, async client =>
        {
            var compact = new JsonSerializerOptions(AdminEndpoint.Json) { WriteIndented = false };
            await foreach (var item in client.StreamAsync<T>(path, ct))
            {
                CommandOutput.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(item, compact) : text(item));
                CommandOutput.Out.Flush();
            }
        }));
        return command;
    }

    private static Option<string?> Endpoint() => new("--endpoint")
    {
        Description = "Admin endpoint of the daemon (default: FOOTY_ADMIN_URL, else the running daemon's data directory, else Admin:Address/Port)",
    };

    private static async Task<int> RunAsync(string name, string? endpoint, string? config, bool streaming, Func<AdminClient, Task> body)
    {
        try
        {
            using var client = AdminClient.Create(endpoint, config, streaming);
            await body(client);
            CommandOutput.Out.Flush();
            return 0;
        }
        catch (AdminCallException e)
        {
            Console.Error.WriteLine($"footy {name}: {e.Message}");
            return e.ExitCode;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"footy {name}: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }
}
