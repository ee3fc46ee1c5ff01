using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracker.Heron.Telemetry;

namespace Tracker.Telemetry;

/// <summary>
/// OpenTelemetry for the host, the way eShop's service defaults do it: ASP.NET Core and HttpClient
/// instrumentation plus Tracker's own meters, a Prometheus scrape endpoint, and OTLP export of metrics
/// and traces when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other <c>OTEL_*</c> variables, such as
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>OTEL_SERVICE_NAME</c>, apply as usual).
/// </summary>
public static class TrackerTelemetry
{
    public const string ServiceName = "tracker";

    /// <summary>The meters of Tracker's own (see docs/operations.md).</summary>
    public static readonly string[] Meters = ["Tracker.Jobs", HeronMetrics.MeterName, HeronMetrics.ZooKeeperMeterName];

    public static IHostApplicationBuilder AddTrackerTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => TelemetryOptions.Validate(o) is null, TelemetryOptions.Validate(options) ?? "Telemetry:Prometheus:Path is not valid.")
            .ValidateOnStart();
        if (!options.Enabled)
        {
            return builder;
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                // Of ASP.NET Core's meters, the requests (Hosting) and connections (Kestrel) only: routing's
                // per-request match counter and the memory pool's cost about 6 % of throughput at 70k req/s
                // (bench/Tracker.Telemetry.Bench) and tell an operator nothing the request duration does not.
                metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddHttpClientInstrumentation()
                    .AddMeter(Meters);
                // Listeners pick meters by name across the whole process. The sandbox's emulators (and tests)
                // run hosts of their own beside Tracker's, with meters of the same names from their own
                // factories: only this host's meters, and process-wide ones, belong in its figures.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
                {
                    var own = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
                    provider.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own)
                        ? null
                        : MetricStreamConfiguration.Drop);
                });
                if (options.Prometheus.Enabled)
                {
                    // Every scrape is collected afresh: the exporter's default 300 ms response cache would hide changes from close scrapes.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });

        // Spans are made only to be exported: without a collector they would cost every request for nothing.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path, options))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapTrackerTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.Prometheus.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(options.Prometheus.Path).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>Scrapes and probes: frequent, and of no interest in a trace.</summary>
    private static bool IsOperational(PathString path, TelemetryOptions options)
        => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(options.Prometheus.Path, StringComparison.OrdinalIgnoreCase);
}
