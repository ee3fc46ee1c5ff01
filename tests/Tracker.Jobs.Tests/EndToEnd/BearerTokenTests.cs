using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// A Knox token as the caller's credentials, end to end: the sandbox's KnoxToken service issues a JWT whose
/// <c>sub</c> is the user, Tracker passes it to Knox as a Bearer and files the work under that user.
/// </summary>
public sealed class BearerTokenTests
{
    [Fact]
    public async Task AliceWithAKnoxToken_TracksAJob_ReadsItsStatus_AsAlice()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var basic = new JobsClient(tracker.Url, "alice", "alice-secret");
        var token = await KnoxTokenAsync(tracker);
        using var bearer = new JobsClient(tracker.Url, null, null);
        bearer.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var jobId = await SandboxJobs.DemoJobAsync(bearer, "alice", "word-count");

        using var tracked = await bearer.PostTextAsync("/api/task/track/", jobId);
        var (statusResponse, status) = await bearer.GetJsonAsync($"/api/job/{jobId}/status");
        var (_, trackedByToken) = await bearer.GetJsonAsync("/api/jobs/tracking");
        var (_, trackedByPassword) = await basic.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal(jobId, Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, statusResponse.StatusCode);
        Assert.Equal("SUCCEEDED", status.GetProperty("status").GetString());
        Assert.Equal(200, status.GetProperty("status_code").GetInt32());
        Assert.Equal(jobId, Assert.Single(trackedByToken.EnumerateArray()).GetProperty("id").GetString());

        // The token's subject is alice: the same job is hers when she signs in with her password.
        Assert.Equal(jobId, Assert.Single(trackedByPassword.EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl")]
    public async Task AGarbageToken_Is401WithTheKnoxChallenge_AndTracksNothing(string token)
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var client = new JobsClient(tracker.Url, null, null);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "word-count");

        using var tracked = await client.PostTextAsync("/api/task/track/", jobId);
        using var status = await client.Http.GetAsync($"/api/job/{jobId}/status");

        foreach (var response in new[] { tracked, status })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"KNOX Credentials\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal(401, (await JobsClient.JsonOf(response)).GetProperty("status_code").GetInt32());
        }

        Assert.Equal(0, (await alice.GetJsonAsync("/api/jobs/tracking")).Body.GetArrayLength());
    }

    /// <summary>Asks the sandbox's KnoxToken service for alice's token, with her password, as a user would.</summary>
    internal static async Task<string> KnoxTokenAsync(TrackerProcess tracker)
    {
        var gateway = tracker.Service<IConfiguration>()["Jobs:Gateway:Url"] ?? throw new InvalidOperationException("The sandbox set no gateway URL.");
        using var http = new JobsClient(new Uri(gateway.TrimEnd('/') + "/"), "alice", "alice-secret");
        var (response, body) = await http.GetJsonAsync("knoxtoken/api/v1/token");
        response.EnsureSuccessStatusCode();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString()!;
    }
}
