using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Hadoop;
using Tracker.Hosting;

namespace Tracker.Sandbox.Tests.Hadoop;

/// <summary><c>--sandbox</c> starts the gateway beside the tracker and points <c>Jobs:Gateway:Url</c> at it.</summary>
public sealed class HadoopSandboxModeTests
{
    [Fact]
    public async Task The_sandbox_serves_demo_job_info_to_alice_and_401_to_a_wrong_password()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
        var tracker = await TrackerHost.StartAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--Tracker:DataDirectory", dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--sandbox", "--Sandbox:Port", "0",
        ]);
        try
        {
            var configuration = tracker.Services.GetRequiredService<IConfiguration>();
            var gateway = configuration["Jobs:Gateway:Url"];
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/gateway/sandbox$", gateway);
            Assert.Equal("00:00:02", configuration["Jobs:Tracking:PollInterval"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var alice = KnoxCredentials.Basic("alice", "alice-secret").ToAuthorizationHeader();

            using var listing = await SendAsync(http, $"{gateway}/oozie/v2/jobs?filter=user%3Dalice", alice);
            var jobId = JsonDocument.Parse(await listing.Content.ReadAsStringAsync()).RootElement
                .GetProperty("workflows").EnumerateArray().First(w => w.GetProperty("status").GetString() == "FAILED").GetProperty("id").GetString();
            using var info = await SendAsync(http, $"{gateway}/oozie/v2/job/{jobId}?show=info", alice);
            using var wrong = await SendAsync(http, $"{gateway}/oozie/v2/job/{jobId}?show=info",
                KnoxCredentials.Basic("alice", "not-her-password").ToAuthorizationHeader());

            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            var job = JsonDocument.Parse(await info.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(jobId, job.GetProperty("id").GetString());
            Assert.Equal("alice", job.GetProperty("user").GetString());
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("BASIC realm=\"application\"", wrong.Headers.WwwAuthenticate.ToString());
            Assert.True(Directory.Exists(Path.Combine(dataDirectory, "sandbox", "hadoop", "hdfs", "user", "alice")));
        }
        finally
        {
            await tracker.DisposeAsync();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open must not fail the test that just passed.
            }
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string url, System.Net.Http.Headers.AuthenticationHeaderValue authorization) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = authorization } });
}
