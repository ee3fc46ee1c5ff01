using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>Readiness: the job store answers and its schema is in place.</summary>
internal sealed class JobStoreHealthCheck(IJobStore store, SqlDialect dialect) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy(dialect.DisplayName) : HealthCheckResult.Unhealthy("job store not migrated");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("job store unavailable", e);
        }
    }
}
