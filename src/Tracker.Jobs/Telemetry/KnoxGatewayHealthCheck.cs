using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tracker.Hadoop.Gateway;

namespace Tracker.Jobs.Telemetry;

/// <summary>
/// Readiness of the Knox gateway (entry <c>knox-gateway</c>), from one request without credentials,
/// remembered for <see cref="CacheDuration"/> so that frequent probes (several replicas, a load
/// balancer and Kubernetes) never add load on Knox. Healthy: the gateway answered below 500 (its 401
/// to a request without credentials included) or none is configured. Degraded: it answered 5xx (Knox
/// is up, the service behind it may not be). Unhealthy: no answer (refused, unresolvable, timed out).
/// </summary>
internal sealed class KnoxGatewayHealthCheck(
    IServiceProvider services, IOptions<GatewayOptions> gateway, TimeProvider time, JobsMetrics metrics) : IHealthCheck
{
    public const string Name = "knox-gateway";

    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private (long At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!gateway.Value.IsConfigured)
        {
            return HealthCheckResult.Healthy("not configured (Jobs:Gateway:Url): the Jobs API and worker are off");
        }

        if (Fresh() is { } cached)
        {
            return cached;
        }

        // Concurrent probes wait for the one in progress instead of each asking Knox.
        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } shared)
            {
                return shared;
            }

            var answer = await services.GetRequiredService<KnoxGatewayProbe>().ProbeAsync(cancellationToken);
            var result = Judge(gateway.Value.Url!, answer);
            metrics.KnoxCall(answer.Elapsed, answer.StatusCode is { } status ? ((int)status >= 500 ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : null) : "unreachable");
            _last = (time.GetTimestamp(), result);
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    internal static HealthCheckResult Judge(Uri url, KnoxGatewayAnswer answer)
    {
        var took = $"{answer.Elapsed.TotalMilliseconds:0} ms";
        var data = new Dictionary<string, object> { ["url"] = url.GetLeftPart(UriPartial.Path) };
        if (answer.StatusCode is not { } status)
        {
            return HealthCheckResult.Unhealthy($"{url.Authority}: {answer.Failure}", data: data);
        }

        data["status"] = (int)status;
        return (int)status >= 500
            ? HealthCheckResult.Degraded($"{url.Authority} answered {(int)status} {status} in {took}: the gateway is up, what is behind it may not be", data: data)
            : HealthCheckResult.Healthy($"{url.Authority} answered {(int)status} in {took}", data);
    }

    private HealthCheckResult? Fresh()
        => _last is { } entry && time.GetElapsedTime(entry.At) < CacheDuration ? entry.Result : null;
}
