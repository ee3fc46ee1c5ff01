using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tracker.Heron.Metrics;

namespace Tracker.Heron.Apis;

/// <summary>
/// The one error map of the Heron API for upstream failures (contract §4.4): whatever TManager or heron-shell call of
/// whichever route failed, the answer is the route group's error body (<c>{"status":"failure","message"}</c> or
/// <c>{"detail"}</c> under <c>/v2</c>) with one status per kind of failure. Handlers let
/// <see cref="UpstreamException"/> propagate; this filter, added once per route group, writes the answer.
/// </summary>
/// <remarks>
/// An endpoint filter rather than an <c>IExceptionHandler</c>: it runs inside the group's style filter, so the answer
/// takes the group's format and timing fields, and it needs no middleware from the host. A failure while a result is
/// already streaming (a download's body) cannot change the status any more and is not seen here.
/// </remarks>
internal static class UpstreamErrors
{
    /// <summary>Adds the map to every endpoint of <paramref name="group"/>; add it after <see cref="HeronResponses.WithHeronStyle"/>.</summary>
    public static TBuilder WithUpstreamErrors<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (UpstreamException e)
            {
                return ResultOf(e);
            }
        });
        return group;
    }

    public static IResult ResultOf(UpstreamException failure) => HeronResponses.Failure(StatusOf(failure.Failure), failure.Message);

    /// <summary>
    /// Nobody to ask (no location, no port, or a circuit held open) is 503; no answer in time is 504 on every route (as
    /// the jobs API); a refused connection or an answer that is not the protocol's is 502; a file the shell does not have is 404.
    /// </summary>
    public static int StatusOf(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Unavailable => StatusCodes.Status503ServiceUnavailable,
        UpstreamFailure.Timeout => StatusCodes.Status504GatewayTimeout,
        UpstreamFailure.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status502BadGateway,
    };
}
