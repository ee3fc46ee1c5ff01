using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tracker.Hadoop;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Tests.EndToEnd;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Authentication;

/// <summary>
/// The Knox authentication scheme of <c>/api</c> against the sandbox's Knox: Basic and Bearer credentials become
/// the caller, a verification is remembered, a refusal forgets, and Heron's bearer scheme is not Knox's.
/// </summary>
public sealed class KnoxAuthenticationTests
{
    private static string BasicHeader(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Basic_credentials_are_verified_once_then_remembered_for_the_user()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Jobs:Authentication:VerificationCacheDuration", "00:10:00");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var cache = tracker.Service<VerificationCache>();

        var (response, body) = await alice.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetArrayLength());
        Assert.True(cache.Holds(BasicHeader("alice", "alice-secret"), "alice"));
        Assert.False(cache.Holds(BasicHeader("alice", "alice-secret"), "bob"));
    }

    [Fact]
    public async Task A_knox_token_as_bearer_is_the_user_it_names()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        var token = await BearerTokenTests.KnoxTokenAsync(tracker);
        using var bearer = new JobsClient(tracker.Url, null, null);
        bearer.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (response, _) = await bearer.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tracker.Service<VerificationCache>().Holds("Bearer " + token, "alice"));
    }

    [Fact]
    public async Task A_refusal_is_the_401_challenge_and_forgets_the_refused_credentials()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Jobs:Authentication:VerificationCacheDuration", "00:10:00");
        var vault = tracker.Service<CredentialVault>();
        var cache = tracker.Service<VerificationCache>();
        var wrong = KnoxCredentials.Basic("alice", "not-her-password");
        var header = BasicHeader("alice", "not-her-password");
        // As if they had been accepted before and Knox now refuses them (a password change).
        await vault.StoreAsync("alice", wrong, CancellationToken.None);
        using var client = new JobsClient(tracker.Url, "alice", "not-her-password");

        var (response, body) = await client.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"KNOX Credentials\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, body.GetProperty("status_code").GetInt32());
        Assert.Equal("Authorization required", body.GetProperty("message").GetString());
        Assert.False(cache.Holds(header, "alice"));
        Assert.Null(await vault.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Heron_tokens_do_not_open_api_and_knox_credentials_do_not_open_protected_heron_routes()
    {
        const string HeronToken = "heron-operator-token";
        await using var tracker = await TrackerProcess.StartWithSandboxAsync(
            "--Heron:Authentication:Tokens:0", HeronToken, "--Heron:Authentication:Protect:0", "State");
        using var heron = new JobsClient(tracker.Url, null, null);
        heron.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HeronToken);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");

        using var apiWithHeronToken = await heron.Http.GetAsync("/api/jobs/tracking");
        using var heronWithKnox = await alice.Http.GetAsync("/v2/topologies");
        using var heronWithHeronToken = await heron.Http.GetAsync("/v2/topologies");
        using var apiWithKnox = await alice.Http.GetAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.Unauthorized, apiWithHeronToken.StatusCode);
        Assert.Equal("Basic realm=\"KNOX Credentials\"", apiWithHeronToken.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, (await JobsClient.JsonOf(apiWithHeronToken)).GetProperty("status_code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, heronWithKnox.StatusCode);
        Assert.StartsWith("Bearer", heronWithKnox.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, heronWithHeronToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiWithKnox.StatusCode);
    }
}
