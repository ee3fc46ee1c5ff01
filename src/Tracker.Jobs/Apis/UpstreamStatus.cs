using Microsoft.AspNetCore.Http;
using Tracker.Hadoop;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The one answer every <c>/api</c> route gives when a call through the gateway failed: Knox refusing the
/// credentials is the caller's 401, HDFS refusing the caller (saved logs are owner-only) the caller's 403, no
/// answer in time is 504, and anything else upstream is 502. Routes used to choose on their own, so the same
/// timeout was a 504 on one and a 502 on another.
/// </summary>
internal static class UpstreamStatus
{
    public static int Of(HadoopException failure) => failure switch
    {
        KnoxAuthenticationException => StatusCodes.Status401Unauthorized,
        WebHdfsException { IsAccessDenied: true } => StatusCodes.Status403Forbidden,
        HadoopTimeoutException => StatusCodes.Status504GatewayTimeout,
        HadoopCircuitOpenException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };

    public static string MessageOf(HadoopException failure) => failure switch
    {
        KnoxAuthenticationException => "Knox refused the credentials.",
        WebHdfsException { IsAccessDenied: true } => $"HDFS denies you access: {failure.Message}",
        _ => failure.Message,
    };

    public static ApiError Error(HadoopException failure) => ApiResponse.Error(Of(failure), MessageOf(failure));
}
