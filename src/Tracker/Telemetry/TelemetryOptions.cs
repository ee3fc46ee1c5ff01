namespace Tracker.Telemetry;

/// <summary>Settings under <c>Telemetry:</c>. OTLP export follows the standard <c>OTEL_*</c> variables instead.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Off: no OpenTelemetry at all (no scrape endpoint, no export, no instrumentation). Default on.</summary>
    public bool Enabled { get; set; } = true;

    public PrometheusOptions Prometheus { get; set; } = new();

    public sealed class PrometheusOptions
    {
        /// <summary>Serve the Prometheus scrape endpoint. Default on.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Where the scrape endpoint answers; must not fall under a Heron or <c>/api</c> prefix. Default <c>/metrics</c>.</summary>
        public string Path { get; set; } = "/metrics";
    }

    /// <summary>Paths that must not take the scrape endpoint: they belong to the Heron and Jobs APIs.</summary>
    internal static readonly string[] ReservedPrefixes = ["/api", "/topologies", "/clusters", "/machines", "/v1", "/v2", "/health", "/openapi"];

    internal static string? Validate(TelemetryOptions options)
    {
        var path = options.Prometheus.Path;
        if (!options.Prometheus.Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Length < 2 || path.Contains('?') || path.Contains('{'))
        {
            return $"Telemetry:Prometheus:Path must be an absolute path such as /metrics, not '{path}'.";
        }

        var reserved = ReservedPrefixes.FirstOrDefault(p => path.Equals(p, StringComparison.OrdinalIgnoreCase) || path.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase));
        return reserved is null ? null : $"Telemetry:Prometheus:Path '{path}' falls under {reserved}, which the Heron and Jobs APIs answer; choose another path.";
    }
}
