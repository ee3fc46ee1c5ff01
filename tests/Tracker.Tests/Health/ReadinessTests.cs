using System.Net;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Tracker.Tests.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Health;

/// <summary>
/// <c>/health/ready</c>: one entry per part (job store, Knox gateway, each Heron state manager) judged by the
/// rules in docs/operations.md, and only GET and HEAD on the health routes.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_WithTheSandbox_ReportsTheStoreTheGatewayAndTheStateManager_AllHealthy()
    {
        await using var tracker = await RunningTracker.StartAsync("--sandbox", "--Sandbox:Port", "0");

        var (status, body) = await ReadyAsync(tracker);

        Assert.Equal(HttpStatusCode.OK, status);
        var checks = body.GetProperty("checks");
        Assert.Equal(["heron-state-local", "jobs-store", "knox-gateway"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
        var heron = checks.GetProperty("heron-state-local").GetProperty("data");
        Assert.Equal("true", heron.GetProperty("connected").GetString());
        Assert.Equal("true", heron.GetProperty("caughtUp").GetString());
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_KnoxGatewayUnreachable_IsUnhealthy_And503()
    {
        var port = ScriptedHttpServer.ClosedPort();
        await using var tracker = await RunningTracker.StartAsync("--Jobs:Gateway:Url", $"http://127.0.0.1:{port}/gateway/sandbox");

        var (status, body) = await ReadyAsync(tracker);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var knox = body.GetProperty("checks").GetProperty("knox-gateway");
        Assert.Equal("unhealthy", knox.GetProperty("status").GetString());
        Assert.Contains("unreachable", knox.GetProperty("description").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("jobs-store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_KnoxGatewayAnswers503_IsDegraded_StillReady_AndAskedOncePerCacheWindow()
    {
        await using var knox = await ScriptedHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var tracker = await RunningTracker.StartAsync("--Jobs:Gateway:Url", new Uri(knox.Url, "/gateway/sandbox").ToString());

        var (status, body) = await ReadyAsync(tracker);
        var (again, _) = await ReadyAsync(tracker);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var entry = body.GetProperty("checks").GetProperty("knox-gateway");
        Assert.Equal("degraded", entry.GetProperty("status").GetString());
        Assert.Equal("503", entry.GetProperty("data").GetProperty("status").GetString());
        // Two readiness requests within the cache window: Knox was asked once, without credentials.
        Assert.Equal("/gateway/sandbox/", Assert.Single(knox.Received).Path);
    }

    [Fact]
    public async Task Ready_KnoxGatewayRefusingTheCredentiallessProbe_IsHealthy()
    {
        await using var knox = await ScriptedHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
        await using var tracker = await RunningTracker.StartAsync("--Jobs:Gateway:Url", new Uri(knox.Url, "/gateway/sandbox").ToString());

        var (status, body) = await ReadyAsync(tracker);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("knox-gateway").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_NoGatewayConfigured_KnoxEntryHealthySayingSo()
    {
        await using var tracker = await RunningTracker.StartAsync();

        var (status, body) = await ReadyAsync(tracker);

        Assert.Equal(HttpStatusCode.OK, status);
        var knox = body.GetProperty("checks").GetProperty("knox-gateway");
        Assert.Equal("healthy", knox.GetProperty("status").GetString());
        Assert.Contains("not configured", knox.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/health")]
    [InlineData("TRACE", "/health")]
    [InlineData("POST", "/health")]
    [InlineData("DELETE", "/health/ready")]
    [InlineData("TRACE", "/health/ready")]
    [InlineData("PUT", "/health/ready")]
    public async Task HealthRoutes_OtherMethods_Get405WithAllow(string method, string path)
    {
        await using var tracker = await RunningTracker.StartAsync();

        using var response = await tracker.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task HealthRoutes_Head_Answers200WithoutBody(string path)
    {
        await using var tracker = await RunningTracker.StartAsync();

        using var response = await tracker.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(RunningTracker tracker)
    {
        using var response = await tracker.Http.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
