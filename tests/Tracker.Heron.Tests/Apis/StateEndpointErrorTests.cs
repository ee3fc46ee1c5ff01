using System.Text.Json;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Apis;

/// <summary>Bad or missing parameters are 400 naming the parameter, an unknown topology 404, in each style's format; never a 500.</summary>
public sealed class StateEndpointErrorTests(DemoStateFixture fixture) : IClassFixture<DemoStateFixture>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "/topologies/info?environ=default&topology=WordCount", 400, "cluster" },
        { "/topologies/logicalplan?cluster=local&topology=WordCount", 400, "environ" },
        { "/topologies/physicalplan?cluster=local&environ=default", 400, "topology" },
        { "/topologies/packingplan?cluster=local&environ=default&topology=", 400, "topology" },
        { "/topologies/config?cluster=local&cluster=other&environ=default&topology=WordCount", 400, "cluster" },
        { "/topologies/metadata?cluster=local&environ=default&topology=WordCount&role=a&role=b", 400, "role" },
        { "/machines?topology=WordCount", 400, "cluster" },
        { "/machines?cluster=local&topology=WordCount", 400, "environ" },
        { "/topologies/executionstate?cluster=local&environ=default&topology=Nope", 404, "Nope" },
        { "/topologies/schedulerlocation?cluster=local&environ=prod&topology=WordCount", 404, "WordCount" },
        { "/topologies/info?cluster=local&environ=default&topology=WordCount&role=bob", 404, "bob" },
        { "/topologies/info?cluster=nowhere&environ=default&topology=WordCount", 404, "nowhere" },
        { "/topologies/nosuchthing", 404, "/topologies/nosuchthing" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Envelope_failures_carry_status_and_message(string path, int status, string named)
    {
        foreach (var prefix in new[] { "", "/v1" })
        {
            var (code, body, _) = await fixture.Tracker.GetAsync(prefix + path);

            Assert.Equal(status, code);
            Assert.Equal("failure", body.GetProperty("status").GetString());
            Assert.Contains(named, body.GetProperty("message").GetString());
            Assert.False(body.TryGetProperty("result", out _));
            Assert.Equal(JsonValueKind.String, body.GetProperty("tracker_version").ValueKind);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unwrapped_failures_carry_a_detail(string path, int status, string named)
    {
        var (code, body, response) = await fixture.Tracker.GetAsync("/v2" + path);

        Assert.Equal(status, code);
        Assert.False(response.Headers.Contains("x-process-time"));
        var detail = body.GetProperty("detail").GetString();
        Assert.Contains(path.StartsWith("/topologies/nosuch", StringComparison.Ordinal) ? "Not Found" : named, detail);
    }

    [Fact]
    public async Task Role_filters_listings_and_lookups()
    {
        var (_, alice, _) = await fixture.Tracker.GetAsync("/v2/topologies?role=alice");
        var (_, bob, _) = await fixture.Tracker.GetAsync("/v2/topologies/states?role=bob");
        var (code, _, _) = await fixture.Tracker.GetAsync("/v2/topologies/info?cluster=local&environ=default&topology=WordCount&role=alice");

        Assert.Equal(2, alice.GetProperty("local").GetProperty("alice").GetProperty("default").GetArrayLength());
        Assert.Empty(bob.EnumerateObject());
        Assert.Equal(200, code);
    }

    [Fact]
    public async Task Listing_filters_by_cluster_and_environ()
    {
        var (_, none, _) = await fixture.Tracker.GetAsync("/topologies?cluster=other");
        var (_, both, _) = await fixture.Tracker.GetAsync("/v2/topologies/states?cluster=other&cluster=local&environ=default");

        Assert.Empty(none.GetProperty("result").EnumerateObject());
        Assert.Equal(2, both.GetProperty("local").GetProperty("default").EnumerateObject().Count());
    }

    public static TheoryData<string, string, string> KeptClusters => new()
    {
        // heron-explorer `topologies local/bob` reads result["local"]: a known cluster stays a key.
        { "", "/topologies?cluster=local&role=bob", """{"local":{}}""" },
        { "/v1", "/topologies?cluster=local&role=bob", """{"local":{}}""" },
        { "/v2", "/topologies?cluster=local&role=bob", """{"local":{}}""" },
        { "/v2", "/topologies?cluster=local&cluster=other&role=bob&environ=default", """{"local":{}}""" },
        // Where environs sit under the cluster, a known requested environ stays a key too; unknown ones do not appear.
        { "", "/topologies/states?cluster=local&role=bob&environ=default&environ=nope", """{"local":{"default":{}}}""" },
        { "/v2", "/topologies/states?cluster=local&role=bob&environ=default", """{"local":{"default":{}}}""" },
        { "/v2", "/topologies/states?cluster=local&environ=nope", """{"local":{}}""" },
        { "/v1", "/machines?cluster=local&environ=default&topology=Nope", """{"local":{"default":{}}}""" },
        { "/v2", "/machines?cluster=local&cluster=local&environ=default&topology=Nope", """{"local":{"default":{}}}""" },
        // An unknown cluster is left out, as the reference does.
        { "", "/topologies?cluster=other&role=bob", "{}" },
        { "/v2", "/topologies/states?cluster=other&environ=default", "{}" },
    };

    [Theory]
    [MemberData(nameof(KeptClusters))]
    public async Task Listings_keep_a_requested_known_cluster_as_a_key_when_nothing_matches(string prefix, string path, string expected)
    {
        var (status, body, _) = await fixture.Tracker.GetAsync(prefix + path);

        Assert.Equal(200, status);
        Assert.Equal(expected, (prefix == "/v2" ? body : body.GetProperty("result")).GetRawText());
    }

    [Fact]
    public async Task Garbage_parameters_never_produce_a_server_error()
    {
        string[] paths =
        [
            "/topologies/info?cluster=%00&environ=%ff&topology=%E2%80%AE",
            "/topologies?cluster=&environ=&role=",
            "/machines?cluster=local&environ=default&topology=" + new string('x', 5000),
            "/topologies/states?role=%22%7D",
        ];
        foreach (var prefix in new[] { "", "/v2" })
        {
            foreach (var path in paths)
            {
                var response = await fixture.Tracker.Http.GetAsync(prefix + path);
                Assert.True((int)response.StatusCode < 500, $"{prefix}{path} → {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Demo_topologies_are_known()
        => Assert.Equal(200, (await fixture.Tracker.GetAsync($"/topologies/info?cluster=local&environ=default&topology={DemoTopologies.Exclamation.Name}")).Status);
}
