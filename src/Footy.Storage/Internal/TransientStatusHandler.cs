using System.Net;
using System.Text.RegularExpressions;

namespace Footy.Storage.Internal;

/// <summary>
/// Turns HTTP 5xx, 429 and 408 answers into an <see cref="HttpRequestException"/> carrying the status code (and
/// the S3 error code when the body has one), before the Minio client sees them. Minio 7.0.0 crashes with a
/// NullReferenceException while reading a body-less 5xx answer (any HEAD, such as a stat or a bucket check), which
/// would hide that the endpoint is merely unavailable; the exception thrown here reaches
/// <see cref="S3ClipStore"/> unchanged and is classified as <see cref="StorageFailure.Unavailable"/>.
/// </summary>
internal sealed partial class TransientStatusHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status < 500 && response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout))
            return response;

        var code = "";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var m = ErrorCode().Match(body.Length > 4096 ? body[..4096] : body);
            if (m.Success) code = " " + m.Groups[1].Value;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The status is what matters.
        }
        var statusCode = response.StatusCode;
        response.Dispose();
        throw new HttpRequestException($"The endpoint answered HTTP {status}{code}.", null, statusCode);
    }

    [GeneratedRegex(@"<Code>([A-Za-z0-9]{1,64})</Code>", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCode();
}
