using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tracker.Heron.Apis;

/// <summary>
/// The route groups of the Heron API: the envelope style at the root and under <c>/v1</c>, the
/// unwrapped 0.20.5 style under <c>/v2</c> (contract §9). Each group gets the same endpoint sets;
/// the metrics and container endpoints are added to the same groups by their own <c>Map…</c> methods.
/// </summary>
internal static class HeronApi
{
    public static IEndpointRouteBuilder MapHeronGroups(this IEndpointRouteBuilder endpoints, Action<RouteGroupBuilder> mapEndpoints)
    {
        foreach (var (prefix, style) in Groups)
        {
            var group = endpoints.MapGroup(prefix).WithHeronStyle(style).WithTags(style == HeronApiStyle.Envelope ? "Heron" : "Heron v2");
            mapEndpoints(group);

            // Unknown paths under the Heron prefixes answer in the group's own format; other paths are left to the host.
            group.MapGet("/topologies/{**rest}", (HttpContext context) =>
                HeronResponses.Failure(StatusCodes.Status404NotFound, style == HeronApiStyle.Envelope ? $"URL not supported: {context.Request.Path}" : "Not Found"))
                .ExcludeFromDescription();
        }

        // One template serves "/v1" and "/v1/" (routing ignores a trailing slash); mapping both was ambiguous (a 500).
        endpoints.MapGet("/v1", () => Results.Redirect("/v1/topologies")).ExcludeFromDescription();
        endpoints.MapGet("/v2/health", () => Results.Text("ok", "text/plain")).ExcludeFromDescription();
        return endpoints;
    }

    public static readonly IReadOnlyList<(string Prefix, HeronApiStyle Style)> Groups =
    [
        ("", HeronApiStyle.Envelope),
        ("/v1", HeronApiStyle.Envelope),
        ("/v2", HeronApiStyle.Unwrapped),
    ];
}
