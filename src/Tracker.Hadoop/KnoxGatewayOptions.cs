namespace Tracker.Hadoop;

/// <summary>
/// Where the Knox gateway answers and how patiently to talk to it. Bound from a configuration section
/// chosen by the caller of <see cref="KnoxGatewayServiceCollectionExtensions.AddKnoxGateway(Microsoft.Extensions.DependencyInjection.IServiceCollection, string)"/>.
/// </summary>
public sealed class KnoxGatewayOptions
{
    /// <summary>
    /// The gateway's base URL. Without <see cref="Topology"/> it is used as is, the services hanging
    /// directly off it (<c>{Url}/oozie/v2/…</c>): give the full topology URL such as
    /// <c>https://knox:8443/gateway/sandbox</c>, or a base without <c>gateway/</c> for a default topology
    /// or a non-default gateway path. Required.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The Knox topology (cluster) name; when set, services live at <c>{Url}/{GatewayPath}/{Topology}/…</c>. Default: none.</summary>
    public string? Topology { get; set; }

    /// <summary>Knox's <c>gateway.path</c>, used only with <see cref="Topology"/>. Default <c>gateway</c>.</summary>
    public string GatewayPath { get; set; } = "gateway";

    /// <summary>Time allowed for one attempt of one call, up to the response headers. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for idempotent calls only. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones back off exponentially with jitter. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The base every service URL hangs off, always ending with '/'.</summary>
    public Uri ServiceBase()
    {
        if (Url is null)
        {
            throw new InvalidOperationException("The Knox gateway URL is not configured.");
        }

        var text = Url.AbsoluteUri.TrimEnd('/');
        if (!string.IsNullOrEmpty(Topology))
        {
            text = $"{text}/{GatewayPath.Trim('/')}/{Topology}";
        }

        return new Uri(text + "/");
    }
}
