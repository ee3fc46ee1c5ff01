using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tracker.Health;

/// <summary>
/// <c>/health</c> says the process answers; <c>/health/ready</c> asks every registered check
/// (the job store, the Knox gateway, each Heron state manager) and reports them one by one as JSON.
/// Both answer GET and HEAD only; any other method gets 405 with <c>Allow</c>. The rules that decide
/// healthy, degraded and unhealthy are in docs/operations.md.
/// </summary>
public static class HealthApi
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapTrackerHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/health", Methods, () => Results.Text("ok", "text/plain"))
            .WithName("Health")
            .WithSummary("Liveness: answers ok while the process runs.")
            .WithTags("Health");

        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = WriteReportAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithMetadata(new HttpMethodMetadata(Methods));
        return endpoints;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ReadinessReport(
            Status(report.Status),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                e => e.Key,
                e => new ReadinessCheck(
                    Status(e.Value.Status),
                    e.Value.Description,
                    e.Value.Duration.TotalMilliseconds,
                    e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => Text(d.Value)))));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Default.ReadinessReport, context.RequestAborted);
    }

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

public sealed record ReadinessReport(string Status, double DurationMs, IReadOnlyDictionary<string, ReadinessCheck> Checks);

/// <summary>One part's verdict; <see cref="Data"/> holds what it was judged on (e.g. connected, caughtUp, session).</summary>
public sealed record ReadinessCheck(string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, string>? Data = null);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;
