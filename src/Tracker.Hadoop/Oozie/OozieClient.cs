using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Tracker.Hadoop.Gateway;

namespace Tracker.Hadoop.Oozie;

internal sealed class OozieClient(KnoxHttp gateway) : IOozieClient
{
    /// <summary>Oozie's code for "Job does not exist [{id}]", sent with HTTP 400.</summary>
    internal const string JobDoesNotExist = "E0604";

    public Task<OozieLookup<WorkflowJob>> GetJobInfoAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version, CancellationToken cancellationToken)
        => LookUpAsync(credentials, jobId, $"oozie/v{(int)version}/job/{Uri.EscapeDataString(jobId)}?show=info",
            $"Cannot get job information for {jobId}", (json, _) => OozieJson.ReadWorkflowJob(json), cancellationToken);

    public Task<OozieLookup<CoordinatorJob>> GetCoordinatorJobInfoAsync(
        KnoxCredentials credentials, string jobId, int offset, int len, bool newestFirst, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(len, 1);
        return LookUpAsync(credentials, jobId,
            string.Create(CultureInfo.InvariantCulture, $"oozie/v2/job/{Uri.EscapeDataString(jobId)}?show=info&offset={offset}&len={len}{(newestFirst ? "&order=desc" : "")}"),
            $"Cannot get coordinator information for {jobId}", (json, _) => OozieJson.ReadCoordinatorJob(json), cancellationToken);
    }

    public Task<OozieLookup<BundleJob>> GetBundleJobInfoAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken)
        => LookUpAsync(credentials, jobId, $"oozie/v2/job/{Uri.EscapeDataString(jobId)}?show=info",
            $"Cannot get bundle information for {jobId}", (json, _) => OozieJson.ReadBundleJob(json), cancellationToken);

    public Task<OozieLookup<string>> GetJobStatusAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken)
        => LookUpAsync(credentials, jobId, $"oozie/v2/job/{Uri.EscapeDataString(jobId)}?show=status",
            $"Cannot get the status of {jobId}",
            (json, status) => OozieJson.String(json, "status")
                ?? throw new HadoopUpstreamException(HadoopService.Oozie, status, $"Oozie's status of {jobId} carries no status."),
            cancellationToken);

    /// <summary>One job's JSON answer read into <typeparamref name="T"/>; Oozie's E0604 becomes a typed not-found.</summary>
    private async Task<OozieLookup<T>> LookUpAsync<T>(
        KnoxCredentials credentials, string jobId, string path, string failure, Func<JsonElement, HttpStatusCode, T> read, CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        using var response = await GetAsync(credentials, path, cancellationToken);
        if (NotFound<T>(response, jobId) is { } missing)
        {
            return missing;
        }

        await EnsureSuccessAsync(response, failure, cancellationToken);
        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.Oozie, response, cancellationToken);
        return new OozieLookup<T>.Found(read(json.RootElement, response.StatusCode));
    }

    public async Task<OozieLookup<string>> GetJobLogAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        using var response = await GetAsync(credentials, $"oozie/v{(int)version}/job/{Uri.EscapeDataString(jobId)}?show=log", cancellationToken);
        if (NotFound<string>(response, jobId) is { } missing)
        {
            return missing;
        }

        await EnsureSuccessAsync(response, $"Cannot get the log of {jobId}", cancellationToken);
        return new OozieLookup<string>.Found(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<WorkflowJobList> ListJobsAsync(KnoxCredentials credentials, WorkflowJobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = new StringBuilder("oozie/v2/jobs?");
        if (!string.IsNullOrEmpty(query.Filter))
        {
            url.Append("filter=").Append(Uri.EscapeDataString(query.Filter)).Append('&');
        }

        url.Append(CultureInfo.InvariantCulture, $"offset={query.Offset}&len={query.Len}&jobtype={Uri.EscapeDataString(query.JobType)}");
        using var response = await GetAsync(credentials, url.ToString(), cancellationToken);
        await EnsureSuccessAsync(response, "Cannot list jobs", cancellationToken);
        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.Oozie, response, cancellationToken);
        return OozieJson.ReadJobList(json.RootElement);
    }

    public Task<string> SubmitWorkflowAsync(
        KnoxCredentials credentials, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return SubmitAsync(credentials, properties, cancellationToken);
    }

    public Task<string> SubmitEmbeddedWorkflowAsync(
        KnoxCredentials credentials, string workflowXml, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowXml);
        ArgumentNullException.ThrowIfNull(properties);
        var all = new Dictionary<string, string>(properties, StringComparer.Ordinal)
        {
            [OozieProperties.GeneratedXml] = workflowXml,
        };
        return SubmitAsync(credentials, all, cancellationToken);
    }

    /// <summary>A Hadoop configuration document, as Oozie's client sends it.</summary>
    internal static string ConfigurationXml(IReadOnlyDictionary<string, string> properties)
    {
        var configuration = new XElement("configuration",
            properties.Select(p => new XElement("property", new XElement("name", p.Key), new XElement("value", p.Value))));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), configuration);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(new StringWriterUtf8(text), new XmlWriterSettings { Indent = true }))
        {
            document.Save(writer);
        }

        return text.ToString();
    }

    private async Task<string> SubmitAsync(KnoxCredentials credentials, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        var body = ConfigurationXml(properties);
        using var response = await gateway.SendAsync(
            HadoopService.Oozie,
            credentials,
            () => new HttpRequestMessage(HttpMethod.Post, gateway.ServiceUrl("oozie/v1/jobs?action=start"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/xml"),
            },
            idempotent: false,
            cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await EnsureSuccessAsync(response, "Cannot start job", cancellationToken);
            throw new HadoopUpstreamException(HadoopService.Oozie, response.StatusCode, $"Cannot start job: Oozie answered {(int)response.StatusCode}, expected 201.");
        }

        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.Oozie, response, cancellationToken);
        return OozieJson.String(json.RootElement, "id") is { Length: > 0 } id
            ? id
            : throw new HadoopUpstreamException(HadoopService.Oozie, response.StatusCode, "Cannot start job: Oozie's answer carries no job id.");
    }

    private Task<HttpResponseMessage> GetAsync(KnoxCredentials credentials, string relative, CancellationToken cancellationToken) =>
        gateway.SendAsync(
            HadoopService.Oozie,
            credentials,
            () => new HttpRequestMessage(HttpMethod.Get, gateway.ServiceUrl(relative)),
            idempotent: true,
            cancellationToken);

    private static OozieLookup<T>.NotFound? NotFound<T>(HttpResponseMessage response, string jobId)
        where T : notnull
    {
        if (response.StatusCode != HttpStatusCode.BadRequest || ErrorCode(response) != JobDoesNotExist)
        {
            return null;
        }

        return new OozieLookup<T>.NotFound(jobId, JobDoesNotExist, ErrorMessage(response) ?? $"{JobDoesNotExist}: Job does not exist [{jobId}]");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var message = ErrorMessage(response);
        if (message is null)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            message = body.Length > 200 ? body[..200] : body;
        }

        throw new OozieException(response.StatusCode, ErrorCode(response), $"{what}: Oozie answered {(int)response.StatusCode} {message}".TrimEnd());
    }

    private static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("oozie-error-code", out var values) ? values.FirstOrDefault() : null;

    private static string? ErrorMessage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("oozie-error-message", out var values) ? values.FirstOrDefault() : null;

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}

/// <summary>Names of Oozie job properties the tracker sets.</summary>
public static class OozieProperties
{
    public const string UserName = "user.name";
    public const string ApplicationPath = "oozie.wf.application.path";
    public const string UseSystemLibPath = "oozie.use.system.libpath";
    public const string NameNode = "nameNode";
    public const string JobTracker = "jobTracker";
    public const string QueueName = "mapred.job.queue.name";

    /// <summary>Oozie 5: the workflow definition itself, in place of a <c>workflow.xml</c> in HDFS.</summary>
    public const string GeneratedXml = "oozie.jobs.api.generated.xml";

    /// <summary>Oozie calls this URL (GET) whenever the workflow changes status; <c>$jobId</c> and <c>$status</c> are substituted.</summary>
    public const string NotificationUrl = "oozie.wf.workflow.notification.url";
}
