namespace Tracker.Heron.Tests.Access;

/// <summary>Heron:Cors:Origins: a list of allowed browser origins; <c>*</c> as before when unset.</summary>
public sealed class HeronCorsTests
{
    [Fact]
    public async Task Unset_any_origin_may_read_as_before()
    {
        await using var tracker = await HeronTracker.StartFileAsync();

        var response = await GetFromAsync(tracker, "/clusters", "https://anywhere.test");

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_listed_origin_is_echoed_and_another_gets_no_header()
    {
        await using var tracker = await HeronTracker.StartFileAsync(
            "--Heron:Cors:Origins:0", "https://ui.heron.test", "--Heron:Cors:Origins:1", "http://localhost:8889/");

        var allowed = await GetFromAsync(tracker, "/v2/clusters", "https://ui.heron.test");
        Assert.Equal("https://ui.heron.test", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Origin", allowed.Headers.Vary);

        var second = await GetFromAsync(tracker, "/topologies", "http://localhost:8889");
        Assert.Equal("http://localhost:8889", Assert.Single(second.Headers.GetValues("Access-Control-Allow-Origin")));

        var refused = await GetFromAsync(tracker, "/v2/clusters", "https://evil.test");
        Assert.Equal(200, (int)refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", refused.Headers.Vary);
    }

    [Fact]
    public async Task A_star_in_the_list_allows_any_origin()
    {
        await using var tracker = await HeronTracker.StartFileAsync("--Heron:Cors:Origins:0", "*");

        var response = await GetFromAsync(tracker, "/clusters", "https://anywhere.test");

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private static async Task<HttpResponseMessage> GetFromAsync(HeronTracker tracker, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await tracker.Http.SendAsync(request);
    }
}
