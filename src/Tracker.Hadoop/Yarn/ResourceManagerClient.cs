using System.Net;
using System.Text.Json;
using Tracker.Hadoop.Gateway;
using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.Yarn;

internal sealed class ResourceManagerClient(KnoxHttp gateway) : IResourceManagerClient
{
    public Task<JsonElement> GetClusterInfoAsync(KnoxCredentials credentials, CancellationToken cancellationToken) =>
        GetObjectAsync(credentials, "info", ["clusterInfo"], cancellationToken);

    public Task<JsonElement> GetClusterMetricsAsync(KnoxCredentials credentials, CancellationToken cancellationToken) =>
        GetObjectAsync(credentials, "metrics", ["clusterMetrics"], cancellationToken);

    public Task<JsonElement> GetSchedulerAsync(KnoxCredentials credentials, CancellationToken cancellationToken) =>
        GetObjectAsync(credentials, "scheduler", ["scheduler", "schedulerInfo"], cancellationToken);

    public async Task<YarnApplication?> GetApplicationAsync(KnoxCredentials credentials, string applicationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        using var response = await GetAsync(credentials, $"apps/{Uri.EscapeDataString(applicationId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var json = await ReadAsync(response, $"application {applicationId}", cancellationToken);
        return json.RootElement.TryGetProperty("app", out var app) && app.ValueKind == JsonValueKind.Object
            ? ReadApplication(app)
            : throw new HadoopUpstreamException(HadoopService.ResourceManager, response.StatusCode, $"The RM's answer for {applicationId} carries no app.");
    }

    public async Task<IReadOnlyList<YarnApplication>> GetApplicationsByTagAsync(KnoxCredentials credentials, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        using var response = await GetAsync(credentials, $"apps?applicationTags={Uri.EscapeDataString(tag)}", cancellationToken);
        using var json = await ReadAsync(response, "applications", cancellationToken);

        // The RM answers {"apps": null} when nothing matches.
        return json.RootElement.TryGetProperty("apps", out var apps)
            && apps.ValueKind == JsonValueKind.Object
            && apps.TryGetProperty("app", out var list)
            && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(ReadApplication).ToArray()
                : [];
    }

    internal static YarnApplication ReadApplication(JsonElement e) => new(
        Id: OozieJson.String(e, "id") ?? "",
        User: OozieJson.String(e, "user"),
        Name: OozieJson.String(e, "name"),
        ApplicationType: OozieJson.String(e, "applicationType"),
        Queue: OozieJson.String(e, "queue"),
        State: OozieJson.String(e, "state") ?? "",
        FinalStatus: OozieJson.String(e, "finalStatus") ?? "",
        ApplicationTags: OozieJson.String(e, "applicationTags") is { Length: > 0 } tags
            ? tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [],
        StartedTime: Millis(e, "startedTime"),
        FinishedTime: Millis(e, "finishedTime"),
        AmContainerLogs: OozieJson.String(e, "amContainerLogs"),
        Diagnostics: OozieJson.String(e, "diagnostics"));

    private static DateTimeOffset? Millis(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private async Task<JsonElement> GetObjectAsync(KnoxCredentials credentials, string resource, string[] path, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(credentials, resource, cancellationToken);
        using var json = await ReadAsync(response, $"cluster {resource}", cancellationToken);
        var element = json.RootElement;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                throw new HadoopUpstreamException(HadoopService.ResourceManager, response.StatusCode, $"The RM's cluster {resource} carries no {string.Join('.', path)}.");
            }
        }

        return element.Clone();
    }

    private Task<HttpResponseMessage> GetAsync(KnoxCredentials credentials, string relative, CancellationToken cancellationToken) =>
        gateway.SendAsync(
            HadoopService.ResourceManager,
            credentials,
            () => new HttpRequestMessage(HttpMethod.Get, gateway.ServiceUrl($"resourcemanager/v1/cluster/{relative}")),
            idempotent: true,
            cancellationToken);

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HadoopUpstreamException(HadoopService.ResourceManager, response.StatusCode,
                $"Cannot get {what}: the RM answered {(int)response.StatusCode} {(body.Length > 200 ? body[..200] : body)}".TrimEnd());
        }

        return await KnoxHttp.ReadJsonAsync(HadoopService.ResourceManager, response, cancellationToken);
    }
}
