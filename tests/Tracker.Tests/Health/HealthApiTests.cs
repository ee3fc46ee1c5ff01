using System.Net;
using System.Text.Json;
using Tracker.Tests.Hosting;

namespace Tracker.Tests.Health;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Health_AnswersOkAsPlainText()
    {
        await using var tracker = await RunningTracker.StartAsync();

        using var response = await tracker.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_ReportsEveryCheckAsJson()
    {
        await using var tracker = await RunningTracker.StartAsync();

        using var response = await tracker.Http.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = body.RootElement.GetProperty("status").GetString();
        Assert.Contains(status, new[] { "healthy", "degraded", "unhealthy" });
        Assert.Equal(status == "unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("checks").ValueKind);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        await using var tracker = await RunningTracker.StartAsync();

        using var body = JsonDocument.Parse(await tracker.Http.GetStringAsync("/openapi/v1.json"));

        Assert.StartsWith("3.", body.RootElement.GetProperty("openapi").GetString());
        Assert.True(body.RootElement.GetProperty("paths").TryGetProperty("/health", out _));
    }
}
