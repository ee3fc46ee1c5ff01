using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tracker.Heron.Tests.Access;

/// <summary>Heron:Authentication: open by default, protected groups one by one, static tokens and JWT, /api untouched.</summary>
public sealed class HeronAuthenticationTests
{
    private const string Token = "s3cret-heron-token";
    private const string Key = "a-test-signing-key-of-at-least-32-bytes!";
    private const string Jstack = "/topologies/jstack?cluster=local&environ=default&topology=WordCount";

    [Fact]
    public async Task By_default_every_group_is_open()
    {
        await using var tracker = await HeronTracker.StartFileAsync();

        Assert.Equal(200, (await tracker.GetAsync("/clusters")).Status);
        // Past the access check: the instance tools answer about the missing instance, not about credentials.
        Assert.NotEqual(401, (await tracker.GetAsync(Jstack)).Status);
    }

    [Fact]
    public async Task A_protected_group_wants_one_of_the_tokens_in_the_heron_error_format()
    {
        await using var tracker = await HeronTracker.StartFileAsync(
            "--Heron:Authentication:Tokens:0", "other", "--Heron:Authentication:Tokens:1", Token,
            "--Heron:Authentication:Protect:0", "State");

        var (status, body, response) = await tracker.GetAsync("/clusters");
        Assert.Equal(401, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("failure", body.GetProperty("status").GetString());
        Assert.Contains("Authorization required", body.GetProperty("message").GetString());

        var (v2Status, v2Body, _) = await tracker.GetAsync("/v2/clusters");
        Assert.Equal(401, v2Status);
        Assert.Contains("Authorization required", v2Body.GetProperty("detail").GetString());

        var wrong = await SendAsync(tracker, "/v1/clusters", "not-it");
        Assert.Equal(401, (int)wrong.StatusCode);
        Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.ToString());

        Assert.Equal(200, (int)(await SendAsync(tracker, "/v1/clusters", Token)).StatusCode);
        Assert.Equal(200, (int)(await SendAsync(tracker, "/v2/clusters", "other")).StatusCode);
    }

    [Fact]
    public async Task Protecting_instance_tools_leaves_state_open()
    {
        await using var tracker = await HeronTracker.StartFileAsync(
            "--Heron:Authentication:Tokens:0", Token,
            "--Heron:Authentication:Protect:0", "InstanceTools", "--Heron:Authentication:Protect:1", "containerfiles");

        Assert.Equal(200, (await tracker.GetAsync("/clusters")).Status);
        Assert.Equal(200, (await tracker.GetAsync("/v2/topologies")).Status);
        Assert.Equal(401, (await tracker.GetAsync(Jstack)).Status);
        Assert.Equal(401, (await tracker.GetAsync("/v2/topologies/histo?cluster=local&environ=default&topology=WordCount")).Status);
        Assert.Equal(401, (await tracker.GetAsync("/topologies/containerfiledata?cluster=local&environ=default&topology=WordCount")).Status);
        Assert.NotEqual(401, (int)(await SendAsync(tracker, Jstack, Token)).StatusCode);
    }

    [Fact]
    public async Task Without_protect_a_configured_token_protects_every_group_but_not_the_jobs_api()
    {
        await using var tracker = await HeronTracker.StartFileAsync(
            "--Heron:Authentication:Tokens:0", Token, "--Jobs:Gateway:Url", "http://127.0.0.1:9/gateway/default");

        Assert.Equal(401, (await tracker.GetAsync("/clusters")).Status);
        Assert.Equal(401, (await tracker.GetAsync("/topologies/metrics?cluster=local&environ=default&topology=WordCount")).Status);

        // /api keeps its Knox Basic challenge; the Heron token means nothing there.
        var jobs = await SendAsync(tracker, "/api/jobs", Token);
        Assert.Equal(401, (int)jobs.StatusCode);
        Assert.Equal("Basic", Assert.Single(jobs.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(200, (int)(await tracker.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_jwt_signed_with_the_key_is_accepted_and_one_for_another_audience_refused()
    {
        await using var tracker = await HeronTracker.StartFileAsync(
            "--Heron:Authentication:Jwt:Issuer", "https://issuer.test", "--Heron:Authentication:Jwt:Audience", "heron-tracker",
            "--Heron:Authentication:Jwt:SigningKey", Key, "--Heron:Authentication:Protect:0", "State");

        Assert.Equal(200, (int)(await SendAsync(tracker, "/clusters", Jwt("https://issuer.test", "heron-tracker", Key))).StatusCode);
        Assert.Equal(401, (int)(await SendAsync(tracker, "/clusters", Jwt("https://issuer.test", "someone-else", Key))).StatusCode);
        Assert.Equal(401, (int)(await SendAsync(tracker, "/clusters", Jwt("https://elsewhere.test", "heron-tracker", Key))).StatusCode);
        Assert.Equal(401, (int)(await SendAsync(tracker, "/clusters", Jwt("https://issuer.test", "heron-tracker", Key.ToUpperInvariant()))).StatusCode);
        Assert.Equal(401, (await tracker.GetAsync("/clusters")).Status);
    }

    [Theory]
    [InlineData("Heron:Authentication:Protect", new[] { "--Heron:Authentication:Tokens:0", Token, "--Heron:Authentication:Protect:0", "Jstacks" })]
    [InlineData("Heron:Authentication:Protect", new[] { "--Heron:Authentication:Protect:0", "State" })]
    [InlineData("Heron:Authentication:Jwt:Issuer", new[] { "--Heron:Authentication:Jwt:Audience", "a", "--Heron:Authentication:Jwt:SigningKey", Key })]
    [InlineData("Heron:Authentication:Jwt:Audience", new[] { "--Heron:Authentication:Jwt:Issuer", "i", "--Heron:Authentication:Jwt:SigningKey", Key })]
    [InlineData("Heron:Authentication:Jwt:SigningKey", new[] { "--Heron:Authentication:Jwt:Issuer", "i", "--Heron:Authentication:Jwt:Audience", "a", "--Heron:Authentication:Jwt:SigningKey", "short" })]
    public async Task A_protection_that_cannot_work_is_a_configuration_error(string named, string[] args)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HeronTracker.StartFileAsync(args));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SendAsync(HeronTracker tracker, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await tracker.Http.SendAsync(request);
    }

    private static string Jwt(string issuer, string audience, string key)
        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "operator")]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
