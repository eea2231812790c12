using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Footy.Daemon.Replay;
using Minio;

namespace Footy.Storage.Tests.Support;

/// <summary>
/// A real s3rver 3.7.1 process on a reserved port of 127.0.0.1 (<see cref="PortReservation"/>), with its data in a temporary directory. It can be
/// stopped and started again on the same port and directory (objects survive, as on a real restart).
/// <para>
/// The executable is <c>$FOOTY_S3RVER</c> when set (path to s3rver's bin: the <c>.bin/s3rver</c> link or
/// <c>bin/s3rver.js</c>), else <c>{repo}/.footy/tools/node_modules/.bin/s3rver</c> where <c>{repo}</c> is the first
/// parent directory of the test binaries holding <c>Footy.Actors.sln</c>. When neither exists the tests FAIL (they
/// are not skipped) with the command that installs it.
/// </para>
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";   // s3rver's built-in account
    public const string SecretKey = "S3RVER";
    public const string EnvironmentVariable = "FOOTY_S3RVER";

    private readonly string _executable;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private readonly bool _ownsDirectory;

    private readonly PortReservation _port;

    private S3rverServer(string executable, string directory, bool ownsDirectory)
    {
        _executable = executable;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        // Held until disposed: a server stopped for an outage comes back on a port nothing else took meanwhile.
        _port = PortReservation.Take(1);
    }

    public int Port => _port.Ports[0];

    /// <summary>s3rver's data directory (one sub-directory per bucket).</summary>
    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<S3rverServer> StartAsync()
    {
        var executable = FindExecutable();
        var directory = Path.Combine(Path.GetTempPath(), "footy-s3rver-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new S3rverServer(executable, directory, ownsDirectory: true);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Where s3rver is, or an exception saying exactly how to install it.</summary>
    public static string FindExecutable()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (File.Exists(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is set to '{fromEnvironment}' but there is no such file. Point it at s3rver's bin " +
                "(node_modules/.bin/s3rver), or unset it and install it where the tests look by default:\n" + InstallCommand(RepositoryRoot()));
        }
        var root = RepositoryRoot();
        var candidate = Path.Combine(root ?? "", ".footy", "tools", "node_modules", ".bin", "s3rver");
        if (root is not null && File.Exists(candidate)) return candidate;
        throw new InvalidOperationException(
            "The S3 tests need s3rver 3.7.1 (a Node.js S3 server) and it is not installed" +
            (root is null ? " (and no Footy.Actors.sln was found above " + AppContext.BaseDirectory + ")" : $" at {candidate}") +
            ". Install it (Node.js 20 and npm on PATH; the bin runs with `node` from PATH):\n" + InstallCommand(root) +
            $"\nor set {EnvironmentVariable} to the path of an installed s3rver bin.");
    }

    private static string InstallCommand(string? root) =>
        $"  npm install --prefix {(root is null ? "<repo>/.footy/tools" : Path.Combine(root, ".footy", "tools"))} s3rver@3.7.1";

    /// <summary>The first directory above the test binaries holding Footy.Actors.sln.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Footy.Actors.sln"))) return dir.FullName;
        return null;
    }

    public IMinioClient CreateClient(string accessKey = AccessKey, string secretKey = SecretKey) =>
        new MinioClient().WithEndpoint("127.0.0.1", Port).WithCredentials(accessKey, secretKey)
            .WithSSL(false).WithRegion("us-east-1").Build();

    /// <summary>A client as the daemon builds it (<see cref="ClipStoreFactory.CreateMinioClient"/>).</summary>
    public IMinioClient CreateStoreClient(string accessKey = AccessKey, string secretKey = SecretKey) =>
        ClipStoreFactory.CreateMinioClient(new StorageOptions(Kind: "s3", Endpoint: Endpoint, AccessKey: accessKey, SecretKey: secretKey));

    /// <summary>Starts (again) on the same port and directory and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_executable.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            psi.FileName = "node";
            psi.ArgumentList.Add(_executable);
        }
        else
        {
            psi.FileName = _executable;
        }
        foreach (var a in new[] { "--directory", Directory, "--port", Port.ToString(), "--address", "127.0.0.1", "--silent" })
            psi.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null for s3rver.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not start s3rver ({_executable}): {e.Message}. It is a Node.js script: Node.js 20 must be on PATH.", e);
        }
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"s3rver exited with code {process.ExitCode} at start-up:\n{Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"s3rver did not listen on {Endpoint} within 20 s:\n{Output}");
    }

    /// <summary>Kills the server (like a crash or an outage) and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _port.Dispose();
        if (_ownsDirectory)
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
        }
    }
}

/// <summary>One s3rver shared by the tests of the "s3rver" collection (they run one after another).</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3rverServer? _server;

    public S3rverServer Server => _server ?? throw new InvalidOperationException("s3rver is not started.");

    public async Task InitializeAsync() => _server = await S3rverServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
