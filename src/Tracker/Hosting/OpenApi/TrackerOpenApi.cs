using Scalar.AspNetCore;

namespace Tracker.Hosting.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its interactive reference at <c>/docs</c>.</summary>
public static class TrackerOpenApi
{
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddTrackerOpenApi(this IServiceCollection services)
        => services.AddOpenApi(o => o.AddDocumentTransformer<TrackerDocumentTransformer>());

    public static WebApplication MapTrackerOpenApi(this WebApplication app)
    {
        app.MapOpenApi();

        // Scalar's script is served from the package itself and its default fonts (a CDN) are off:
        // the reference works on a gateway host without internet access.
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("Tracker API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
        return app;
    }
}
