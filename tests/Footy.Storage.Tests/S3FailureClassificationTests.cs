using Footy.Storage.Tests.Support;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Minio;

namespace Footy.Storage.Tests;

/// <summary>
/// Retry, timeout and classification against a scripted HTTP endpoint (s3rver cannot be made to answer 503, 403
/// or slowly): every request gets the scripted answer, and the number of requests shows what was retried.
/// </summary>
public sealed class S3FailureClassificationTests
{
    private static S3ClipStoreOptions Options(int attempts = 3, double timeoutSeconds = 5) => new()
    {
        MaxAttempts = attempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        ProbeListing = false,
    };

    private const string Secret = "top-SECRET-value-42-never-printed";

    [Fact]
    public async Task Http_503_is_retried_then_unavailable()
    {
        await using var endpoint = await ScriptedEndpoint.StartAsync(503, ErrorXml("SlowDown", "Please reduce your request rate."));
        using var store = new S3ClipStore(endpoint.Client(Secret), "footy-videos", Options(attempts: 3));

        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());

        Assert.True(StorageFailure.Unavailable == e.Kind, e.ToString());
        Assert.Equal(3, endpoint.Requests);
        Assert.Contains("gave up after 3 attempts", e.Message);
        Assert.DoesNotContain(Secret, e.ToString());
    }

    [Fact]
    public async Task Http_500_on_a_stat_is_unavailable()
    {
        await using var endpoint = await ScriptedEndpoint.StartAsync(500, ErrorXml("InternalError", "We encountered an internal error."));
        using var store = new S3ClipStore(endpoint.Client(Secret), "footy-videos", Options(attempts: 2));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync(Clips.Key()));
        Assert.True(StorageFailure.Unavailable == e.Kind, e.ToString());
        Assert.Equal(2, endpoint.Requests);
    }

    [Fact]
    public async Task A_raw_minio_client_loses_the_503_of_a_HEAD_and_the_failure_says_so()
    {
        // Why CreateMinioClient installs its handler: Minio 7.0.0 itself crashes reading a body-less 503.
        await using var endpoint = await ScriptedEndpoint.StartAsync(503, "");
        using var store = new S3ClipStore(endpoint.RawClient(Secret), "footy-videos", Options(attempts: 3));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());
        Assert.Equal(StorageFailure.Other, e.Kind);
        Assert.Contains("Minio 7.0.0 bug", e.Message);
    }

    [Fact]
    public async Task Http_403_is_access_denied_and_not_retried()
    {
        await using var endpoint = await ScriptedEndpoint.StartAsync(403, ErrorXml("AccessDenied", "Access Denied"));
        using var store = new S3ClipStore(endpoint.Client(Secret), "footy-videos", Options(attempts: 4));

        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());

        Assert.Equal(StorageFailure.AccessDenied, e.Kind);
        Assert.Equal(1, endpoint.Requests);
        Assert.DoesNotContain(Secret, e.ToString());
    }

    [Fact]
    public async Task A_silent_endpoint_times_out_per_attempt_and_is_unavailable()
    {
        await using var endpoint = await ScriptedEndpoint.StartAsync(200, "", delay: TimeSpan.FromSeconds(120));
        using var store = new S3ClipStore(endpoint.Client(Secret), "footy-videos", Options(attempts: 2, timeoutSeconds: 0.3));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync());

        Assert.Equal(StorageFailure.Unavailable, e.Kind);
        Assert.Contains("no answer within 0.3 s", e.Message);
        Assert.Contains("gave up after 2 attempts", e.Message);
        Assert.InRange(endpoint.Requests, 1, 2); // a request cut off early may never reach the server's handler
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}"); // two minutes each without the timeout
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_failure()
    {
        await using var endpoint = await ScriptedEndpoint.StartAsync(200, "", delay: TimeSpan.FromSeconds(30));
        using var store = new S3ClipStore(endpoint.Client(Secret), "footy-videos", Options(attempts: 3, timeoutSeconds: 20));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InitializeAsync(cts.Token));
        Assert.InRange(endpoint.Requests, 0, 1); // not retried
    }

    [Fact]
    public async Task Nothing_listening_is_unavailable()
    {
        int port;
        await using (var endpoint = await ScriptedEndpoint.StartAsync(200, ""))
            port = endpoint.Port;
        using var client = ClipStoreFactory.CreateMinioClient(new StorageOptions(Kind: "s3", Endpoint: $"127.0.0.1:{port}", AccessKey: "AK", SecretKey: Secret));
        using var store = new S3ClipStore(client, "footy-videos", Options(attempts: 2));
        var e = await Assert.ThrowsAsync<StorageException>(() => store.DeleteAsync(Clips.Key()));
        Assert.Equal(StorageFailure.Unavailable, e.Kind);
        Assert.Equal("initialize", e.Operation);
        Assert.DoesNotContain(Secret, e.ToString());
    }

    private static string ErrorXml(string code, string message) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><Resource>/footy-videos</Resource><RequestId>1</RequestId></Error>";

    private sealed class ScriptedEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private ScriptedEndpoint(WebApplication app) => _app = app;

        public int Requests => Volatile.Read(ref _requests);

        public int Port { get; private set; }

        public static async Task<ScriptedEndpoint> StartAsync(int status, string body, TimeSpan? delay = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var endpoint = new ScriptedEndpoint(app);
            app.Run(async ctx =>
            {
                Interlocked.Increment(ref endpoint._requests);
                if (delay is { } d)
                {
                    try { await Task.Delay(d, ctx.RequestAborted); }
                    catch (OperationCanceledException) { return; }
                }
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "application/xml";
                if (!HttpMethods.IsHead(ctx.Request.Method)) await ctx.Response.WriteAsync(body);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            endpoint.Port = new Uri(address).Port;
            // Warm the pipeline up (first-request JIT can take longer than a short client timeout), then count from zero.
            using (var warm = new HttpClient { Timeout = TimeSpan.FromSeconds(1) })
            {
                try { using var _ = await warm.GetAsync(address + "/warm-up"); }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            }
            Interlocked.Exchange(ref endpoint._requests, 0);
            return endpoint;
        }

        public IMinioClient Client(string secret) =>
            ClipStoreFactory.CreateMinioClient(new StorageOptions(Kind: "s3", Endpoint: $"127.0.0.1:{Port}", AccessKey: "AKIAEXAMPLE", SecretKey: secret));

        public IMinioClient RawClient(string secret) =>
            new MinioClient().WithEndpoint("127.0.0.1", Port).WithCredentials("AKIAEXAMPLE", secret).WithSSL(false).WithRegion("us-east-1").Build();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
