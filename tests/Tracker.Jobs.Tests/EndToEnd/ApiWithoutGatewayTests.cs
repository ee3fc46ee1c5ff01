using System.Net;
using Tracker.Jobs.Tests.Support;


namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>The Knox gate when no gateway is configured: clear errors in the API's format, never a crash.</summary>
public sealed class ApiWithoutGatewayTests
{
    [Fact]
    public async Task WithoutGateway_EveryRouteSays503_InTheApiFormat()
    {
        await using var tracker = await TrackerProcess.StartAsync(TrackerProcess.NewDataDirectory(), ownsDirectory: true, []);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");

        var (response, body) = await alice.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, body.GetProperty("status_code").GetInt32());
        Assert.Contains("Jobs:Gateway:Url", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownApiPath_Is404_InTheApiFormat()
    {
        await using var tracker = await TrackerProcess.StartAsync(TrackerProcess.NewDataDirectory(), ownsDirectory: true, []);
        using var anonymous = new JobsClient(tracker.Url, null, null);

        var (response, body) = await anonymous.GetJsonAsync("/api/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, body.GetProperty("status_code").GetInt32());
    }
}
