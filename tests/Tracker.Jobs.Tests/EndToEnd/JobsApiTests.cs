using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>The API's contract against the sandbox: bodies, errors, authentication, shapes, isolation.</summary>
public sealed class JobsApiTests : IAsyncLifetime
{
    private const string UnknownJob = "9999999-180716060648641-oozie-W";
    private TrackerProcess _tracker = null!;
    private JobsClient _alice = null!;
    private JobsClient _bob = null!;

    public async Task InitializeAsync()
    {
        _tracker = await TrackerProcess.StartWithSandboxAsync();
        _alice = new JobsClient(_tracker.Url, "alice", "alice-secret");
        _bob = new JobsClient(_tracker.Url, "bob", "bob-secret");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _tracker.DisposeAsync();
    }

    private async Task<int> TrackedCountAsync(JobsClient client)
        => (await client.GetJsonAsync("/api/jobs/tracking")).Body.GetArrayLength();

    [Fact]
    public async Task EveryBodyFormat_TracksTheNamedJobs()
    {
        var succeeded = await SandboxJobs.DemoJobAsync(_alice, "alice", "word-count");
        var killed = await SandboxJobs.DemoJobAsync(_alice, "alice", "hourly-import");
        var running = await SandboxJobs.DemoJobAsync(_alice, "alice", "streaming-ingest");

        using var text = await _alice.PostTextAsync("/api/task/track/", $"\n{succeeded}\n\n");
        using var array = await _alice.PostJsonAsync("/api/task/track", $"[\"{killed}\"]");
        using var single = await _alice.PostJsonAsync("/api/task/track/", $"{{\"id\": \"{running}\"}}");
        using var list = await _alice.PostJsonAsync("/api/task/track", $"{{\"id\": [\"{succeeded}\", \"{running}\"]}}");

        Assert.Equal([succeeded], (await JobsClient.JsonOf(text)).EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([killed], (await JobsClient.JsonOf(array)).EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("RUNNING", (await JobsClient.JsonOf(single))[0].GetProperty("status").GetString());
        Assert.Equal(2, (await JobsClient.JsonOf(list)).GetArrayLength());
        var tracking = (await _alice.GetJsonAsync("/api/jobs/tracking")).Body;
        Assert.Equal(3, tracking.GetArrayLength());
        Assert.All(tracking.EnumerateArray(), job =>
        {
            Assert.True(job.TryGetProperty("application-ids", out _));
            Assert.True(job.TryGetProperty("applications-ids", out _));
            Assert.True(job.TryGetProperty("last-checked", out _));
            Assert.True(job.TryGetProperty("applications", out _));
        });
    }

    [Theory]
    [InlineData(null, "0030161-180716060648641-oozie-W", "Missing content type")]
    [InlineData("application/xml", "<id/>", "Unrecognized content type: application/xml")]
    [InlineData("application/json", "[\"0030161-180716060648641-oozie-W\"", "Malformed JSON")]
    [InlineData("application/json", "{\"name\": \"x\"}", "no \"id\" property")]
    [InlineData("application/json", "[\"\"]", "Empty job id")]
    [InlineData("text/plain", "\n\n", "No job id given")]
    [InlineData("text/plain", "0030161-180716060648641-oozie-W\nnot-an-id", "Malformed job id: not-an-id")]
    [InlineData("application/json", "[\"\\udc00\"]", "valid Unicode text")]
    [InlineData("application/json", "{\"id\":\"\\udc00\"}", "valid Unicode text")]
    public async Task BadBodies_Are400_InTheApiFormat_AndChangeNothing(string? contentType, string body, string message)
    {
        foreach (var path in (string[])["/api/task/track/", "/api/task/copy-logs"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await _alice.Http.SendAsync(request);
            var error = await JobsClient.JsonOf(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(400, error.GetProperty("status_code").GetInt32());
            Assert.Contains(message, error.GetProperty("message").GetString());
            Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        }

        Assert.Equal(0, await TrackedCountAsync(_alice));
    }

    [Fact]
    public async Task MissingOrWrongCredentials_Are401_WithKnoxRealm_BeforeAnythingIsServed()
    {
        var jobId = await SandboxJobs.DemoJobAsync(_alice, "alice", "daily-aggregation");
        (await _alice.PostTextAsync("/api/task/track/", jobId)).Dispose();
        using var anonymous = new JobsClient(_tracker.Url, null, null);
        using var impostor = new JobsClient(_tracker.Url, "alice", "wrong-password");

        foreach (var client in (JobsClient[])[anonymous, impostor])
        {
            foreach (var path in (string[])["/api/jobs/tracking", $"/api/job/{jobId}", $"/api/job/{jobId}/status", "/api/cluster/"])
            {
                using var response = await client.Http.GetAsync(path);
                var error = await JobsClient.JsonOf(response);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Basic realm=\"KNOX Credentials\"", response.Headers.WwwAuthenticate.ToString());
                Assert.Equal(401, error.GetProperty("status_code").GetInt32());
            }
        }

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/jobs/tracking");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Negotiate", "abc");
        using var negotiate = await anonymous.Http.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task Bob_SeesNoneOfAlicesJobsOrLogs()
    {
        var jobId = await SandboxJobs.DemoJobAsync(_alice, "alice", "daily-aggregation");
        (await _alice.PostTextAsync("/api/task/track/", jobId)).Dispose();

        Assert.Equal(1, await TrackedCountAsync(_alice));
        Assert.Equal(0, await TrackedCountAsync(_bob));
        foreach (var path in (string[])[$"/api/job/{jobId}", $"/api/job/{jobId}/status", $"/api/job/{jobId}/logs", $"/api/job/{jobId}/logs/1_1"])
        {
            using var response = await _bob.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var logsStatus = await _bob.Http.GetAsync($"/api/job/{jobId}/logs/status");
        Assert.Equal(HttpStatusCode.BadRequest, logsStatus.StatusCode);
        // Bob cannot start tracking alice's job either: for him it does not exist.
        using var track = await _bob.PostTextAsync("/api/task/track/", jobId);
        Assert.Equal(0, (await JobsClient.JsonOf(track)).GetArrayLength());
        using var copy = await _bob.PostTextAsync("/api/task/copy-logs/", jobId);
        Assert.Equal(HttpStatusCode.NotFound, copy.StatusCode);
    }

    [Fact]
    public async Task AnUntrackedJobOfYourOwn_ServesWhatIsSavedInItsLogDirectory_OrNoLogsCopied()
    {
        var jobId = await SandboxJobs.DemoJobAsync(_alice, "alice", "word-count");
        using var before = await _alice.Http.GetAsync($"/api/job/{jobId}/logs");
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Equal("No logs copied.", (await JobsClient.JsonOf(before)).GetProperty("message").GetString());

        // Logs an earlier copier saved: Tracker serves them although it never tracked the job.
        var hdfs = SandboxJobs.Of(_tracker).WebHdfs;
        foreach (var app in (string[])["1700000000000_0001", "1700000000000_0002"])
        {
            await hdfs.CreateAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{app}.log", new MemoryStream(Encoding.UTF8.GetBytes($"log of {app}\n")));
        }

        using var all = await _alice.Http.GetAsync($"/api/job/{jobId}/logs");
        using var named = await _alice.Http.GetAsync($"/api/job/{jobId}/logs?id=application_1700000000000_0002");
        using var one = await _alice.Http.GetAsync($"/api/job/{jobId}/logs/application_1700000000000_0001");
        using var missing = await _alice.Http.GetAsync($"/api/job/{jobId}/logs/application_1700000000000_0003");
        using var bobs = await _bob.Http.GetAsync($"/api/job/{jobId}/logs");
        Assert.Equal("log of 1700000000000_0001\nlog of 1700000000000_0002\n", await all.Content.ReadAsStringAsync());
        Assert.Equal("log of 1700000000000_0002\n", await named.Content.ReadAsStringAsync());
        Assert.Equal("log of 1700000000000_0001\n", await one.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        Assert.Equal(0, await TrackedCountAsync(_alice));
    }

    [Fact]
    public async Task UnknownJob_Is404_AndNothingIsTracked()
    {
        using var track = await _alice.PostTextAsync("/api/task/track/", UnknownJob);
        Assert.Equal("[]\n", await track.Content.ReadAsStringAsync());
        var (info, error) = await _alice.GetJsonAsync($"/api/job/{UnknownJob}");
        Assert.Equal(HttpStatusCode.NotFound, info.StatusCode);
        Assert.Equal($"Job {UnknownJob} was not found.", error.GetProperty("message").GetString());
        var (status, _) = await _alice.GetJsonAsync($"/api/job/{UnknownJob}/status");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        var (malformed, _) = await _alice.GetJsonAsync("/api/job/not-a-job/status");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await TrackedCountAsync(_alice));
        Assert.Null(await _tracker.Service<Tracker.Jobs.Storage.IJobStore>().GetCredentialAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Status_AsksOozieForRunningJobs_AndAnswersTheContractShape()
    {
        var running = await SandboxJobs.DemoJobAsync(_alice, "alice", "streaming-ingest");
        var (untracked, body) = await _alice.GetJsonAsync($"/api/job/{running}/status/");
        Assert.Equal(HttpStatusCode.OK, untracked.StatusCode);
        Assert.Equal(["id", "status", "status_code"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(running, body.GetProperty("id").GetString());
        Assert.Equal("RUNNING", body.GetProperty("status").GetString());
        Assert.Equal(200, body.GetProperty("status_code").GetInt32());
        Assert.Equal("no-store, no-cache, must-revalidate, post-check=0, pre-check=0, max-age=0", untracked.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("0", untracked.Content.Headers.NonValidated["Expires"].ToString());
        Assert.NotNull(untracked.Content.Headers.LastModified);

        (await _alice.PostTextAsync("/api/task/track/", running)).Dispose();
        var (tracked, again) = await _alice.GetJsonAsync($"/api/job/{running}/status?refresh=true");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal("RUNNING", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task JobInfo_OfAnUntrackedJob_HasTheFreshShape()
    {
        var jobId = await SandboxJobs.DemoJobAsync(_alice, "alice", "daily-aggregation");
        var (response, body) = await _alice.GetJsonAsync($"/api/job/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status", "applications-ids", "application-ids", "log-jobs", "id"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, body.GetProperty("applications-ids").GetArrayLength());
    }

    [Fact]
    public async Task ClusterAndJobListing_PassThroughTheCallersView()
    {
        var (info, cluster) = await _alice.GetJsonAsync("/api/cluster");
        var (metrics, _) = await _alice.GetJsonAsync("/api/cluster/metrics/");
        var (scheduler, _) = await _alice.GetJsonAsync("/api/cluster/scheduler");
        var (jobs, list) = await _alice.GetJsonAsync("/api/jobs/");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.True(cluster.TryGetProperty("id", out _) || cluster.TryGetProperty("clusterId", out _) || cluster.EnumerateObject().Any());
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scheduler.StatusCode);
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.True(list.GetProperty("workflows").GetArrayLength() >= 4);
        var (badOffset, _) = await _alice.GetJsonAsync("/api/jobs?offset=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badOffset.StatusCode);
    }
}
