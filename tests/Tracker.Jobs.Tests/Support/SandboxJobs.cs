using System.Text.Json;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;

namespace Tracker.Jobs.Tests.Support;

/// <summary>Talks to the sandbox directly (as a user would through Knox) with the Tracker.Hadoop clients.</summary>
internal sealed class SandboxJobs(IOozieClient oozie, IWebHdfsClient webHdfs)
{
    public static readonly KnoxCredentials Alice = KnoxCredentials.Basic("alice", "alice-secret");
    public static readonly KnoxCredentials Bob = KnoxCredentials.Basic("bob", "bob-secret");

    public static SandboxJobs Of(TrackerProcess tracker)
        => new(tracker.Service<IOozieClient>(), tracker.Service<IWebHdfsClient>());

    public IOozieClient Oozie => oozie;

    public IWebHdfsClient WebHdfs => webHdfs;

    /// <summary>The id of a demo job found through Tracker's own /api/jobs listing.</summary>
    public static async Task<string> DemoJobAsync(JobsClient client, string user, string appName)
    {
        var (response, body) = await client.GetJsonAsync($"/api/jobs?filter={Uri.EscapeDataString($"name={appName};user={user}")}");
        response.EnsureSuccessStatusCode();
        return body.GetProperty("workflows").EnumerateArray().First().GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Submits a workflow whose course the sandbox's <c>sandbox.*</c> properties script; its Oozie name is its
    /// application directory's, <paramref name="appName"/> when given.
    /// </summary>
    public Task<string> SubmitScriptedAsync(
        KnoxCredentials user, string outcome, int applications, int oozieVersion, string logs = "aggregated", int runtimeSeconds = 1, string? appName = null)
        => oozie.SubmitWorkflowAsync(user, new Dictionary<string, string>
        {
            ["user.name"] = user.UserName!,
            ["oozie.wf.application.path"] = $"hdfs://sandbox/user/{user.UserName}/apps/{appName ?? $"scripted-{Guid.NewGuid():N}"}",
            ["sandbox.outcome"] = outcome,
            ["sandbox.applications"] = applications.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sandbox.oozie.version"] = oozieVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sandbox.logs"] = logs,
            ["sandbox.runtime.seconds"] = runtimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task WaitForStatusAsync(KnoxCredentials user, string jobId, string status, TimeSpan timeout)
        => await Eventually.MatchesAsync(
            async () => await oozie.GetJobStatusAsync(user, jobId) is OozieLookup<string>.Found found ? found.Value : "?",
            s => s == status, timeout, $"job {jobId} to be {status}");

    /// <summary>How many copy workflows Oozie ever ran for the application (they are named shell-{appId}).</summary>
    public async Task<int> CopyWorkflowCountAsync(KnoxCredentials user, string applicationId)
    {
        var list = await oozie.ListJobsAsync(user, new WorkflowJobQuery($"name=shell-{applicationId}", 1, 1000));
        return list.Workflows.Count;
    }

    public async Task<string> ReadFileAsync(KnoxCredentials user, string path)
    {
        await using var stream = await webHdfs.OpenAsync(user, path) ?? throw new FileNotFoundException(path);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
