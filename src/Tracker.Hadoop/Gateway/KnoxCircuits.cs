using System.Net;
using Polly;
using Polly.Timeout;

namespace Tracker.Hadoop.Gateway;

/// <summary>
/// The Knox side of the shared breakers: one circuit per service behind the gateway (its gateway path: <c>oozie</c>,
/// <c>webhdfs</c>, <c>resourcemanager</c>), so a failing Oozie does not hold back WebHDFS reads of saved logs.
/// </summary>
internal static class KnoxCircuits
{
    /// <summary>The keyed-service key of the Knox <see cref="Tracker.Upstream.UpstreamCircuits"/>.</summary>
    public const string Key = "knox";

    /// <summary>Gateway traffic is bursty (a poll cycle reads every tracked job): the window needs more calls than a TManager's.</summary>
    public static void Defaults(Tracker.Upstream.CircuitBreakerSettings settings)
    {
        settings.MinimumThroughput = 20;
        settings.BreakDuration = TimeSpan.FromSeconds(15);
    }

    public static string KeyOf(HadoopService service) => service switch
    {
        HadoopService.Oozie => "oozie",
        HadoopService.WebHdfs => "webhdfs",
        _ => "resourcemanager",
    };

    /// <summary>
    /// No answer, a timed-out attempt or a 5xx count against the service; 4xx are answers about the request
    /// (a missing file, a wrong password), never about the service's health.
    /// </summary>
    public static bool IsFailure(Outcome<object> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: HttpResponseMessage response } => (int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented,
        _ => false,
    };
}
