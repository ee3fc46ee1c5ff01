using System.Net;
using Tracker.Hadoop;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Knox;

public sealed class KnoxEmulatorTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("oozie/v2/jobs")]
    [InlineData("webhdfs/v1/user/alice?op=GETFILESTATUS")]
    [InlineData("resourcemanager/v1/cluster/info")]
    public async Task Requests_without_credentials_get_knox_401(string relative)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, relative);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("BASIC realm=\"application\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", "bob-secret")]
    [InlineData("mallory", "alice-secret")]
    [InlineData("alice", "alice-secret ")]
    public async Task Wrong_credentials_get_401(string user, string password)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, "oozie/v2/jobs", KnoxCredentials.Basic(user, password));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("BASIC realm=\"application\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_clients_see_a_knox_authentication_failure()
    {
        var error = await Assert.ThrowsAsync<KnoxAuthenticationException>(() =>
            sandbox.Oozie.GetJobInfoAsync(KnoxCredentials.Basic("alice", "nope"), sandbox.Demo("alice", "failed").Id));

        Assert.Equal("BASIC realm=\"application\"", error.WwwAuthenticate);
    }

    [Fact]
    public async Task Both_sandbox_users_are_let_in()
    {
        using var alice = await sandbox.SendAsync(HttpMethod.Get, "oozie/v2/jobs", SandboxFixture.Alice);
        using var bob = await sandbox.SendAsync(HttpMethod.Get, "oozie/v2/jobs", SandboxFixture.Bob);

        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
    }

    [Fact]
    public async Task A_knox_token_is_accepted_as_a_bearer_and_names_its_user()
    {
        var answer = await sandbox.GetJsonAsync("knoxtoken/api/v1/token", SandboxFixture.Bob);
        var token = answer.GetProperty("access_token").GetString()!;
        var bearer = KnoxCredentials.Bearer(token);

        var claims = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(Pad(token.Split('.')[1]))).RootElement;
        var job = await sandbox.Oozie.GetJobInfoAsync(bearer, sandbox.Demo("bob", "succeeded").Id);
        await sandbox.UploadAsync(bearer, "/user/bob/by-token.txt", "t");
        var forged = KnoxCredentials.Bearer(token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));

        Assert.Equal("Bearer", answer.GetProperty("token_type").GetString());
        Assert.True(answer.GetProperty("expires_in").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal("bob", claims.GetProperty("sub").GetString());
        Assert.IsType<Tracker.Hadoop.Oozie.OozieLookup<Tracker.Hadoop.Oozie.WorkflowJob>.Found>(job);
        Assert.Equal("bob", (await sandbox.WebHdfs.GetFileStatusAsync(bearer, "/user/bob/by-token.txt"))!.Owner);
        await Assert.ThrowsAsync<KnoxAuthenticationException>(() => sandbox.Oozie.GetJobStatusAsync(forged, sandbox.Demo("bob", "succeeded").Id));
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }
}
