using System.Diagnostics;
using Footy.Daemon.Replay;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a reserved port (<see cref="PortReservation"/>),
/// removed afterwards. As root (CI containers) the server runs as the postgres user, which initdb demands.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _root;
    private readonly string? _runAs;

    private readonly PortReservation _port = PortReservation.Take(1);

    private PostgresServer(string binDirectory, string root, string? runAs)
    {
        _binDirectory = binDirectory;
        _root = root;
        _runAs = runAs;
    }

    /// <summary>Reserved from before initdb until the server is gone: no other process takes it while initdb runs.</summary>
    public int Port => _port.Ports[0];

    private string DataDirectory => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=footy;Database={database};Pooling=true;Timeout=15;Command Timeout=30";

    public static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: apt-get install postgresql");
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var root = Path.Combine(Path.GetTempPath(), "footy-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        if (runAs is not null) await RunAsync("chown", ["-R", runAs, root], null);

        var server = new PostgresServer(bin, root, runAs);
        await server.Tool("initdb", ["-D", server.DataDirectory, "-U", "footy", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
        await server.Tool("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {server.Port} -h 127.0.0.1 -k {root} -F", "start"]);
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Tool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            _port.Dispose();
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task Tool(string name, IReadOnlyList<string> arguments) =>
        _runAs is null
            ? RunAsync(Path.Combine(_binDirectory, name), arguments, null)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(_binDirectory, name), .. arguments], null);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
