using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Footy.Resilience;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Footy.Discovery;

/// <summary>Settings of <see cref="YtDlpDownloader"/> (configuration section <c>Discovery:YtDlp</c>).</summary>
public sealed class YtDlpOptions
{
    /// <summary>The yt-dlp executable: a path, or a name looked up on PATH. Debian's 2023.03 is too old for x.com: point this at a recent build.</summary>
    public string Path { get; set; } = "yt-dlp";

    /// <summary>Netscape cookie file passed with <c>--cookies</c> (yt-dlp logs in only by cookies). Must exist when set.</summary>
    public string? CookiesFile { get; set; }

    /// <summary>Passed as <c>--max-filesize</c>, and checked again on the file yt-dlp wrote.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Passed as <c>--socket-timeout</c> (whole seconds, at least 1).</summary>
    public TimeSpan SocketTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of one yt-dlp run; past it the process tree is killed.</summary>
    public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Format selector (<c>-f</c>).</summary>
    public string Format { get; set; } = "best[ext=mp4]/best";

    /// <summary>Reruns after the first, only for failures a rerun can fix (network, timeout, rate limit).</summary>
    public int MaxRetries { get; set; } = 1;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most characters kept from each of stdout and stderr (the rest is read and dropped).</summary>
    public int MaxOutputChars { get; set; } = 64 * 1024;

    /// <summary>Hosts/networks exempt from the address check of the page URL (same syntax as <see cref="DownloadOptions.AllowedHosts"/>).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Circuit breaker over runs: opens when the tool keeps failing (missing binary, outdated extractor, network down).</summary>
    public double CircuitFailureRatio { get; set; } = 0.8;

    public int CircuitMinimumThroughput { get; set; } = 5;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(2);

    public void Validate(string section = "Discovery:YtDlp")
    {
        void Fail(string m) => throw new ArgumentException($"{section}:{m}");
        if (string.IsNullOrWhiteSpace(Path)) Fail("Path must name the yt-dlp executable");
        if (CookiesFile is not null && !File.Exists(CookiesFile)) Fail($"CookiesFile '{CookiesFile}' does not exist");
        if (MaxBytes < 1024) Fail("MaxBytes must be at least 1024");
        if (SocketTimeout < TimeSpan.FromSeconds(1) || SocketTimeout > TimeSpan.FromMinutes(10)) Fail("SocketTimeout must be between 1 s and 10 minutes");
        if (ProcessTimeout < TimeSpan.FromMilliseconds(100) || ProcessTimeout > TimeSpan.FromHours(1)) Fail("ProcessTimeout must be between 100 ms and 1 hour");
        if (string.IsNullOrWhiteSpace(Format)) Fail("Format must not be empty");
        if (MaxRetries is < 0 or > 5) Fail("MaxRetries must be between 0 and 5");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(5)) Fail("RetryBaseDelay must be between 0 and 5 minutes");
        if (MaxOutputChars is < 1024 or > 16 * 1024 * 1024) Fail("MaxOutputChars must be between 1024 and 16777216");
        if (double.IsNaN(CircuitFailureRatio) || CircuitFailureRatio <= 0 || CircuitFailureRatio > 1) Fail("CircuitFailureRatio must be greater than 0 and at most 1");
        if (CircuitMinimumThroughput < 2) Fail("CircuitMinimumThroughput must be at least 2");
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500)) Fail("CircuitSamplingDuration must be at least 500 ms");
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500)) Fail("CircuitBreakDuration must be at least 500 ms");
        _ = AddressGuard.Create(AllowedHosts);
    }
}

/// <summary>
/// Fallback downloader that runs yt-dlp on <see cref="DiscoveredClip.PageUrl"/> (else <see cref="DiscoveredClip.VideoUrl"/>):
/// <c>yt-dlp --ignore-config --no-playlist --no-progress --no-mtime -f "best[ext=mp4]/best" --max-filesize N --socket-timeout S
/// --retries 2 --fragment-retries 2 --print after_move:filepath --no-simulate --verbose -o &lt;target stem&gt;.%(ext)s
/// [--cookies F] -- URL</c> (<c>--verbose</c> because <c>--print</c> implies <c>--quiet</c>, which would hide why a file was skipped), started with an
/// argument list (never a shell). The run is time-limited (the whole process tree is killed past
/// <see cref="YtDlpOptions.ProcessTimeout"/>), its output is size-capped, and success requires the file to exist: yt-dlp
/// exits 0 when <c>--max-filesize</c> made it skip the download. The file is then checked (size cap, video container),
/// hashed (MD5) and moved to the target. The URL's host must resolve to public addresses (see <see cref="AddressGuard"/>);
/// yt-dlp's own later requests are not guarded. Thread-safe.
/// </summary>
public sealed class YtDlpDownloader : IClipDownloader
{
    private readonly YtDlpOptions _options;
    private readonly ILogger<YtDlpDownloader> _logger;
    private readonly AddressGuard _guard;
    private readonly ResilientPipeline<RunResult> _pipeline;

    public YtDlpDownloader(YtDlpOptions options, ILogger<YtDlpDownloader> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _logger = logger;
        _guard = AddressGuard.Create(options.AllowedHosts);
        _pipeline = new ResilientPipeline<RunResult>(new ResilienceSettings
        {
            Name = "yt-dlp",
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
        }, new ResilienceRules<RunResult>
        {
            ShouldRetry = outcome => outcome.Result is { Transient: true },
            CountsAgainstCircuit = outcome => outcome.Result is { Transient: true } or { Broken: true },
            Describe = outcome => outcome.Result?.Outcome.ToString() ?? outcome.Exception?.GetType().Name ?? "no outcome",
        }, logger, time ?? TimeProvider.System);
    }

    /// <summary>The exact argument list for one run (exposed for tests and logs).</summary>
    public IReadOnlyList<string> BuildArguments(Uri url, string outputTemplate)
    {
        var args = new List<string>
        {
            "--ignore-config",
            "--no-playlist",
            "--no-progress",
            "--no-mtime",
            "-f", _options.Format,
            "--max-filesize", _options.MaxBytes.ToString(CultureInfo.InvariantCulture),
            "--socket-timeout", Math.Max(1, (int)_options.SocketTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "--retries", "2",
            "--fragment-retries", "2",
            "--print", "after_move:filepath",
            "--no-simulate",
            // --print implies --quiet, which hides why a file was skipped; with --verbose the log goes to stderr.
            "--verbose",
            "-o", outputTemplate,
        };
        if (_options.CookiesFile is { } cookies)
        {
            args.Add("--cookies");
            args.Add(cookies);
        }
        args.Add("--");
        args.Add(url.AbsoluteUri);
        return args;
    }

    public async Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFile);
        ct.ThrowIfCancellationRequested();
        var url = clip.PageUrl ?? clip.VideoUrl;
        if (url is null) return new DownloadOutcome.Failure(DownloadFailureKind.Unsupported, $"post {clip.PostId} has no URL");
        if (await CheckUrlAsync(url, ct).ConfigureAwait(false) is { } refused)
        {
            _logger.LogInformation("yt-dlp download of {Url} refused: {Reason}", HttpClipDownloader.Safe(url), refused);
            return new DownloadOutcome.Failure(DownloadFailureKind.Refused, refused);
        }

        var target = System.IO.Path.GetFullPath(targetFile);
        var dir = System.IO.Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        var stem = System.IO.Path.Combine(dir, System.IO.Path.GetFileNameWithoutExtension(target));
        var template = stem.Replace("%", "%%", StringComparison.Ordinal) + ".%(ext)s";

        DownloadOutcome outcome;
        try
        {
            var run = await _pipeline.ExecuteAsync(
                static (s, token) => s.Self.RunOnceAsync(s.Url, s.Template, s.Stem, s.Target, token),
                (Self: this, Url: url, Template: template, Stem: stem, Target: target), ct).ConfigureAwait(false);
            outcome = run.Outcome;
        }
        catch (BrokenCircuitException)
        {
            outcome = new DownloadOutcome.Failure(DownloadFailureKind.CircuitOpen, "yt-dlp circuit open after repeated failures; not started");
        }
        catch (OperationCanceledException)
        {
            CleanupArtifacts(stem, target, keepTarget: false);
            throw;
        }

        if (outcome is DownloadOutcome.Failure f)
        {
            CleanupArtifacts(stem, target, keepTarget: false);
            _logger.LogInformation("yt-dlp download of {Url} failed: {Failure}", HttpClipDownloader.Safe(url), f);
        }
        return outcome;
    }

    private async ValueTask<RunResult> RunOnceAsync(Uri url, string template, string stem, string target, CancellationToken ct)
    {
        CleanupArtifacts(stem, target, keepTarget: false);
        var psi = new ProcessStartInfo(_options.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in BuildArguments(url, template)) psi.ArgumentList.Add(a);

        using var process = new Process { StartInfo = psi };
        try
        {
            if (!process.Start()) return Broken($"could not start '{_options.Path}'");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            return Broken($"could not start '{_options.Path}': {e.Message}");
        }
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        var stdout = DrainAsync(process.StandardOutput, _options.MaxOutputChars);
        var stderr = DrainAsync(process.StandardError, _options.MaxOutputChars);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_options.ProcessTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            Kill(process);
            if (!timedOut) throw;
        }
        var output = await Collect(stdout).ConfigureAwait(false);
        var errors = await Collect(stderr).ConfigureAwait(false);
        if (timedOut)
            return Transient(DownloadFailureKind.Timeout, $"yt-dlp ran longer than {_options.ProcessTimeout.TotalSeconds:0.###} s and was killed");

        // Failure reasons quote the tool's output, which can echo request headers: the session cookies must not leak.
        var cookies = CookieValues(_options.CookiesFile);
        var code = process.ExitCode;
        if (code != 0) return Classify(code, Redact(errors, cookies), Redact(output, cookies));

        var produced = FindOutput(output, stem, target);
        if (produced is null)
        {
            var all = Redact(errors + "\n" + output, cookies);
            if (all.Contains("max-filesize", StringComparison.OrdinalIgnoreCase) || all.Contains("larger than", StringComparison.OrdinalIgnoreCase))
                return Final(DownloadFailureKind.TooLarge, $"yt-dlp skipped the file (over --max-filesize {_options.MaxBytes})");
            return Final(DownloadFailureKind.ToolFailure, "yt-dlp exited 0 without writing a file (skipped)" + Tail(all));
        }
        return Final(await VerifyAsync(produced, target, url, ct).ConfigureAwait(false));
    }

    /// <summary>The file yt-dlp reports on its last stdout line (it must lie next to the target and start with its stem), else any <c>stem.*</c> video it left.</summary>
    private static string? FindOutput(string stdout, string stem, string target)
    {
        var dir = System.IO.Path.GetDirectoryName(target)!;
        var prefix = System.IO.Path.GetFileName(stem) + ".";
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            string full;
            try
            {
                full = System.IO.Path.GetFullPath(lines[i]);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue;
            }
            if (System.IO.Path.GetDirectoryName(full) == dir && System.IO.Path.GetFileName(full).StartsWith(prefix, StringComparison.Ordinal) && File.Exists(full))
                return full;
        }
        return Directory.EnumerateFiles(dir, prefix + "*")
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal) && !f.EndsWith(".ytdl", StringComparison.Ordinal) && !f.Contains(".temp.", StringComparison.Ordinal))
            .FirstOrDefault();
    }

    private async Task<DownloadOutcome> VerifyAsync(string produced, string target, Uri url, CancellationToken ct)
    {
        var info = new FileInfo(produced);
        if (info.Length > _options.MaxBytes) return new DownloadOutcome.Failure(DownloadFailureKind.TooLarge, $"file is {info.Length} bytes; cap is {_options.MaxBytes}");
        if (info.Length == 0) return new DownloadOutcome.Failure(DownloadFailureKind.NotAVideo, "yt-dlp wrote an empty file");
        if (!string.Equals(produced, target, StringComparison.Ordinal)) File.Move(produced, target, overwrite: true);

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var head = new byte[VideoSniffer.HeaderBytes];
        var headLength = 0;
        await using (var file = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = await file.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (headLength < head.Length)
                {
                    var take = Math.Min(n, head.Length - headLength);
                    Array.Copy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                md5.AppendData(buffer, 0, n);
            }
        }
        var type = VideoSniffer.Detect(head.AsSpan(0, headLength));
        if (type is null) return new DownloadOutcome.Failure(DownloadFailureKind.NotAVideo, "yt-dlp wrote a file that is not a known video container");
        return new DownloadOutcome.Success(target, info.Length, Convert.ToHexStringLower(md5.GetHashAndReset()), type, url);
    }

    private static RunResult Classify(int code, string stderr, string stdout)
    {
        var text = stderr + "\n" + stdout;
        bool Has(string s) => text.Contains(s, StringComparison.OrdinalIgnoreCase);
        var tail = Tail(stderr.Length > 0 ? stderr : stdout);
        if (code is < 0 or > 128) return Broken($"yt-dlp crashed (exit {code})" + tail);
        if (Has("HTTP Error 429") || Has("Too Many Requests") || Has("rate-limit") || Has("rate limit"))
            return Transient(DownloadFailureKind.RateLimited, "yt-dlp was rate limited" + tail);
        if (Has("HTTP Error 403") || Has("HTTP Error 401") || Has("HTTP Error 451") || Has("geo restrict") || Has("geo-restrict") || Has("in your country")
            || Has("not available from your location") || Has("login required") || Has("Sign in to") || Has("age-restricted") || Has("private"))
            return Final(DownloadFailureKind.Forbidden, "yt-dlp: forbidden (geo-blocked or login required)" + tail);
        if (Has("HTTP Error 404") || Has("HTTP Error 410") || Has("404: Not Found") || Has("does not exist") || Has("Video unavailable") || Has("has been removed"))
            return Final(DownloadFailureKind.NotFound, "yt-dlp: video not found" + tail);
        if (Has("No video could be found") || Has("There's no video") || Has("No video formats found") || Has("Requested format is not available"))
            return Final(DownloadFailureKind.NotAVideo, "yt-dlp: no video in this post" + tail);
        if (Has("Unsupported URL")) return Final(DownloadFailureKind.Unsupported, "yt-dlp: unsupported URL" + tail);
        if (Has("timed out") || Has("timeout")) return Transient(DownloadFailureKind.Timeout, "yt-dlp: timed out" + tail);
        if (Has("Connection refused") || Has("Connection reset") || Has("Name or service not known") || Has("Temporary failure in name resolution")
            || Has("Network is unreachable") || Has("Unable to download") || Has("urlopen error") || Has("IncompleteRead"))
            return Transient(DownloadFailureKind.Network, "yt-dlp: network error" + tail);
        return Broken($"yt-dlp exited {code}" + tail);
    }

    private async Task<string?> CheckUrlAsync(Uri url, CancellationToken ct)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)) return $"scheme '{url.Scheme}' is not http or https";
        var host = url.Host.Trim('[', ']');
        if (host.Length == 0) return "URL has no host";
        if (_guard.IsHostAllowListed(host)) return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var dns = CancellationTokenSource.CreateLinkedTokenSource(ct);
                dns.CancelAfter(TimeSpan.FromSeconds(10));
                addresses = await Dns.GetHostAddressesAsync(host, dns.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return null; // unresolvable here: yt-dlp will fail on its own with a network error
            }
        }
        var refused = addresses.Select(a => _guard.Refusal(a)).Where(r => r is not null).ToList();
        return refused.Count > 0 ? "address refused: " + refused[0] : null;
    }

    /// <summary>The values of a Netscape cookie file (tab-separated, value last); short values are not secrets and would mask ordinary words.</summary>
    private static IReadOnlyList<string> CookieValues(string? cookiesFile)
    {
        if (cookiesFile is null) return [];
        try
        {
            return File.ReadLines(cookiesFile).Take(10_000)
                .Where(line => !line.StartsWith('#') || line.StartsWith("#HttpOnly_", StringComparison.Ordinal))
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length >= 7 && fields[6].Trim().Length >= 6)
                .Select(fields => fields[6].Trim())
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(v => v.Length)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Redact(string text, IReadOnlyList<string> secrets) =>
        secrets.Aggregate(text, (t, secret) => t.Replace(secret, "[redacted]", StringComparison.Ordinal));

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
        }
        try
        {
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
        }
    }

    /// <summary>Reads the stream to its end keeping only its last <paramref name="cap"/> characters: yt-dlp's verdict (the ERROR line, the printed file path) comes last.</summary>
    private static async Task<string> DrainAsync(StreamReader reader, int cap)
    {
        var sb = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int n;
            while ((n = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                sb.Append(buffer, 0, n);
                if (sb.Length > 2 * cap) sb.Remove(0, sb.Length - cap);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        return sb.Length > cap ? sb.ToString(sb.Length - cap, cap) : sb.ToString();
    }

    /// <summary>Output read so far; gives up waiting after 2 s (a grandchild that escaped the kill may hold the pipe).</summary>
    private static async Task<string> Collect(Task<string> drain)
    {
        var done = await Task.WhenAny(drain, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return done == drain ? await drain.ConfigureAwait(false) : "";
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return "";
        var t = string.Join(" | ", lines.TakeLast(3));
        return ": " + (t.Length > 400 ? t[^400..] : t);
    }

    private static void CleanupArtifacts(string stem, string target, bool keepTarget)
    {
        var dir = System.IO.Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir)) return;
        var prefix = System.IO.Path.GetFileName(stem) + ".";
        foreach (var f in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            if (keepTarget && string.Equals(f, target, StringComparison.Ordinal)) continue;
            try
            {
                File.Delete(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        if (!keepTarget)
        {
            try
            {
                File.Delete(target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static RunResult Final(DownloadFailureKind kind, string reason) => new(new DownloadOutcome.Failure(kind, reason), false);

    /// <summary>A failure that says the tool itself is broken (cannot start, crashed, unknown error): counted by the circuit breaker.</summary>
    private static RunResult Broken(string reason) => new(new DownloadOutcome.Failure(DownloadFailureKind.ToolFailure, reason), false, Broken: true);

    private static RunResult Final(DownloadOutcome outcome) => new(outcome, false);

    private static RunResult Transient(DownloadFailureKind kind, string reason) => new(new DownloadOutcome.Failure(kind, reason), true);

    private sealed record RunResult(DownloadOutcome Outcome, bool Transient, bool Broken = false);
}
