using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Footy.Daemon.Summary;
using static Footy.Daemon.Replay.ReplayNodeApi;

namespace Footy.Daemon.Replay;

/// <summary>How node processes are started: the program and the arguments that make it a <see cref="ReplayNode"/>.</summary>
public sealed record NodeProgram(string FileName, IReadOnlyList<string> Arguments);

/// <summary>
/// One OS process of a multi-node replay, on fixed loopback ports (remoting, management, control, admin; see
/// <see cref="PortReservation"/>) so a node started again comes back on the same address.
/// Its output goes to <c>node-N.log</c> beside its data directory.
/// </summary>
public sealed class ReplayNodeProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly NodeProgram _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly HttpClient _http;
    private Process? _process;

    public ReplayNodeProcess(int number, NodeProgram program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string dataDirectory, int remotingPort, int managementPort, int controlPort, int adminPort)
    {
        Number = number;
        _program = program;
        _arguments = arguments;
        // Every node serves the admin endpoint (replay-node hosts it), each on its own port.
        _environment = new Dictionary<string, string>(environment) { ["FOOTY_Admin__Port"] = adminPort.ToString() };
        DataDirectory = dataDirectory;
        RemotingPort = remotingPort;
        ManagementPort = managementPort;
        ControlPort = controlPort;
        AdminUrl = new Uri($"http://127.0.0.1:{adminPort}/");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public int Number { get; }
    public string DataDirectory { get; }
    public int RemotingPort { get; }
    public int ManagementPort { get; }
    public int ControlPort { get; }
    /// <summary>The node's admin endpoint, which every inspection command (<c>footy status</c>, <c>goals</c>, ...) asks.</summary>
    public Uri AdminUrl { get; }
    public string Address => $"akka.tcp://footy@127.0.0.1:{RemotingPort}";
    public string LogFile => DataDirectory + ".log";
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>How the node ended and the last lines it wrote, for an error that must explain itself (a test's folder is gone after it).</summary>
    public string DescribeExit(int lines = 40)
    {
        var code = _process is { HasExited: true } p ? $"exit code {p.ExitCode}" : "still running";
        try
        {
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var tail = new Queue<string>(lines);
            while (reader.ReadLine() is { } line)
            {
                if (tail.Count == lines) tail.Dequeue();
                tail.Enqueue(line);
            }
            return $"{code}; the last lines of {LogFile}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
        }
        catch (IOException e)
        {
            return $"{code}; {LogFile} could not be read: {e.Message}";
        }
    }

    public void Start()
    {
        var start = new ProcessStartInfo(_program.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _program.Arguments.Concat(_arguments)) start.ArgumentList.Add(argument);
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        var log = new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {Number}: {_program.FileName}");
        void Write(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Task.Delay(500).ContinueWith(_ => { lock (log) log.Dispose(); }, TaskScheduler.Default);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: the process dies at once, in the middle of whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then wait for the node to leave the cluster and exit; killed if it has not within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process) return;
        SendSignal(process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async Task<NodeState?> StateAsync(CancellationToken ct)
    {
        if (!IsRunning) return null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            return await _http.GetFromJsonAsync<NodeState>(StatePath, Json, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Runs one poll through this node; null when the node could not be reached or died meanwhile.</summary>
    public async Task<TickAnswer?> TickAsync(DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            using var response = await _http.PostAsync($"{TickPath}?at={at.ToUnixTimeMilliseconds()}", null, ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<TickAnswer>(Json, ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Sets the node's virtual clock; a node that cannot be reached (it died meanwhile) is left as it is.</summary>
    public async Task SetClockAsync(DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            using var response = await _http.PostAsync($"{ClockPath}?at={at.ToUnixTimeMilliseconds()}", null, ct);
        }
        catch (HttpRequestException)
        {
        }
    }

    /// <summary>How many clips the node is downloading, hashing or uploading; 0 when it cannot be reached.</summary>
    public async Task<int> ClipsInFlightAsync(CancellationToken ct)
    {
        try
        {
            return (await _http.GetFromJsonAsync<ClipWork>(ClipWorkPath, Json, ct))?.InFlight ?? 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async Task<MatchdaySummary> SummaryAsync(CancellationToken ct) =>
        MatchdaySummary.FromJson(await _http.GetStringAsync(SummaryPath, ct));

    public void Dispose()
    {
        if (_process is { HasExited: false } process) process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _http.Dispose();
    }

    private static void SendSignal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastWin32Error()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
