using System.Net;
using Microsoft.Extensions.Options;

namespace Tracker.Hadoop.Gateway;

/// <summary>What one look at the gateway found: its HTTP status, or why there was none.</summary>
public sealed record KnoxGatewayAnswer(HttpStatusCode? StatusCode, string? Failure, TimeSpan Elapsed);

/// <summary>
/// Asks the gateway for its topology base without credentials: the cheapest request that shows Knox
/// is up and answering (it says 401 or 404 to it, which is fine). Nothing is retried: readiness wants
/// the present state, not the patience the job calls get.
/// </summary>
public sealed class KnoxGatewayProbe(HttpClient http, IOptions<KnoxGatewayOptions> options, TimeProvider time)
{
    /// <summary>At most this long, whatever <see cref="KnoxGatewayOptions.RequestTimeout"/> says: a readiness probe must answer quickly.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    public async Task<KnoxGatewayAnswer> ProbeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wait = settings.RequestTimeout < MaxWait ? settings.RequestTimeout : MaxWait;
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, settings.ServiceBase());
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return new KnoxGatewayAnswer(response.StatusCode, null, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new KnoxGatewayAnswer(null, $"no answer within {wait.TotalSeconds:0.###} s", time.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new KnoxGatewayAnswer(null, $"unreachable: {e.Message}", time.GetElapsedTime(started));
        }
    }
}
