using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Footy.Admin;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;

namespace Footy.Cli.Commands.Inspect;

/// <summary>A failed admin call, with the exit code the command ends with.</summary>
internal sealed class AdminCallException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// The CLI's side of the admin endpoint. The endpoint is <c>--endpoint</c>, else <c>FOOTY_ADMIN_URL</c>, else the
/// <c>admin.endpoint</c> file a running daemon wrote into the configured data directory, else the configured address.
/// The token comes from configuration only (<c>Admin:Token</c> / <c>FOOTY_Admin__Token</c>), never from the command line,
/// where other users could read it in the process list.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    public const int Unreachable = 3;
    public const int Unauthorized = 4;
    public const int Failed = 1;

    private readonly HttpClient _http;

    private AdminClient(Uri endpoint, string token, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = endpoint, Timeout = timeout };
        if (token.Length > 0) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Endpoint => _http.BaseAddress!;

    public static AdminClient Create(string? endpoint, string? configFile, bool streaming = false)
    {
        var (options, _) = OptionsLoader.Load(configFile);
        var url = endpoint
                  ?? Environment.GetEnvironmentVariable("FOOTY_ADMIN_URL")
                  ?? ReadEndpointFile(options)
                  ?? $"http://{(options.Admin.Address is "0.0.0.0" or "::" ? "127.0.0.1" : options.Admin.Address)}:{options.Admin.Port}";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new AdminCallException($"admin endpoint '{url}' is not an http(s) URL", 2);
        return new AdminClient(uri, options.Admin.Token, streaming ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60));
    }

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, ct);

    public Task<T> PostAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, ct);

    public Task<T> PutAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Put, path, ct);

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Newline-delimited JSON items until the daemon closes the stream or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await ReadLineAsync(reader, ct) is { } line)
            if (line.Length > 0 && JsonSerializer.Deserialize<T>(line, AdminEndpoint.Json) is { } item) yield return item;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadLineAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(method, path), HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadFromJsonAsync<T>(AdminEndpoint.Json, ct)
               ?? throw new AdminCallException($"{path}: the daemon answered with an empty body", Failed);
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new AdminCallException($"cannot reach the daemon's admin endpoint at {Endpoint}: {e.Message} (is `footy run` running? see docs/operations.md)", Unreachable);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new AdminCallException($"the daemon at {Endpoint} did not answer {request.RequestUri} in time", Unreachable);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var error = await ErrorOf(response, ct);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new AdminCallException(
                    $"the daemon refused the request: {error} (set Admin:Token or FOOTY_Admin__Token to the daemon's token)", Unauthorized),
                _ => new AdminCallException($"{(int)response.StatusCode} {response.ReasonPhrase}: {error}", response.StatusCode == HttpStatusCode.BadRequest ? 2 : Failed),
            };
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonSerializer.Deserialize<AdminViews.ErrorView>(body, AdminEndpoint.Json)?.Error ?? body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }

    private static string? ReadEndpointFile(FootyOptions options)
    {
        var file = AdminEndpoint.EndpointFile(options);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }
}
