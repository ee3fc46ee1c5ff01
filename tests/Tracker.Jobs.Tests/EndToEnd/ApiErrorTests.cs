using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// The answers no route writes itself: wrong methods, the caller's broken Oozie filter, upstream timeouts and
/// failures of Tracker's own, each in the API's error format and the right class.
/// </summary>
public sealed class ApiErrorTests(SandboxTracker sandbox) : IClassFixture<SandboxTracker>
{
    private JobsClient Alice => sandbox.Alice;

    [Theory]
    [InlineData("PUT", "/api/jobs/tracking", "GET")]
    [InlineData("DELETE", "/api/job/0000001-180716060648641-oozie-W/status", "GET")]
    [InlineData("GET", "/api/task/track/", "POST")]
    [InlineData("PATCH", "/api/task/copy-logs", "POST")]
    public async Task A_wrong_method_is_405_with_allow_in_the_api_format(string method, string path, string allowed)
    {
        using var response = await Alice.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await JobsClient.JsonOf(response);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal([allowed], response.Content.Headers.Allow);
        Assert.Equal(405, body.GetProperty("status_code").GetInt32());
        Assert.Contains(allowed, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_path_stays_404_in_the_api_format()
    {
        var (response, body) = await Alice.GetJsonAsync("/api/jobs/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found.", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("=", "each part must be name=value")]
    [InlineData("status=", "each part must be name=value")]
    [InlineData("nope=1", "E0420")]
    [InlineData("status=NOPE", "E0420")]
    public async Task The_callers_broken_filter_is_the_callers_400(string filter, string message)
    {
        var (response, body) = await Alice.GetJsonAsync($"/api/jobs?filter={Uri.EscapeDataString(filter)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, body.GetProperty("status_code").GetInt32());
        Assert.Contains(message, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_failure_of_trackers_own_is_a_500_with_a_correlation_id_in_the_api_format()
    {
        // Its own Tracker: the store it breaks is not the one the class shares.
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        (await alice.GetJsonAsync("/api/jobs/tracking")).Response.Dispose();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(tracker.DataDirectory, "jobs", "jobs.db")}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE application_copies";
            await drop.ExecuteNonQueryAsync();
        }

        var (response, body) = await alice.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(500, body.GetProperty("status_code").GetInt32());
        var correlation = body.GetProperty("correlation_id").GetString();
        Assert.False(string.IsNullOrEmpty(correlation));
        Assert.Equal(correlation, response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Contains(correlation!, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_same_upstream_timeout_is_504_on_every_route()
    {
        // A gateway that accepts connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptTcpClientAsync());
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The listener stopped with the test.
            }
        });
        await using var quiet = await TrackerProcess.StartAsync(TrackerProcess.NewDataDirectory(), ownsDirectory: true,
        [
            "--Jobs:Gateway:Url", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
            "--Jobs:Gateway:RequestTimeout", "00:00:00.300",
            "--Jobs:Gateway:MaxRetries", "0",
        ]);
        using var caller = new JobsClient(quiet.Url, "alice", "alice-secret");

        foreach (var path in (string[])["/api/jobs/tracking", "/api/cluster", "/api/job/0000001-180716060648641-oozie-W/status"])
        {
            var (response, body) = await caller.GetJsonAsync(path);
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal(504, body.GetProperty("status_code").GetInt32());
            Assert.Contains("did not answer within", body.GetProperty("message").GetString());
        }

        silent.Stop();
        await accepting;
        held.ForEach(c => c.Dispose());
    }
}
