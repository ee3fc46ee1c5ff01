using System.Text;

namespace Tracker.Hadoop.Tests.Gateway;

public sealed class KnoxCredentialsTests
{
    [Fact]
    public void A_password_with_colons_survives_the_authorization_header()
    {
        var credentials = KnoxCredentials.Basic("alice", "pa:ss:word");

        var header = credentials.ToAuthorizationHeader();
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!));
        var parsed = KnoxCredentials.FromAuthorizationHeader(header.ToString());

        Assert.Equal("Basic", header.Scheme);
        Assert.Equal("alice:pa:ss:word", decoded);
        Assert.Equal(credentials, parsed);
        Assert.Equal("pa:ss:word", parsed!.RevealSecret());
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        Assert.Equal("Basic alice:***", KnoxCredentials.Basic("alice", "alice-secret").ToString());
        Assert.Equal("Bearer ***", KnoxCredentials.Bearer("eyJ.token.sig").ToString());
        Assert.DoesNotContain("eyJ", $"{KnoxCredentials.Bearer("eyJ.token.sig")}");
    }

    [Fact]
    public void A_bearer_token_becomes_a_bearer_header()
    {
        var parsed = KnoxCredentials.FromAuthorizationHeader("Bearer abc.def");

        Assert.Equal(KnoxAuthenticationScheme.Bearer, parsed!.Scheme);
        Assert.Null(parsed.UserName);
        Assert.Equal("Bearer abc.def", parsed.ToAuthorizationHeader().ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Negotiate abc")]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Basic OnBhc3N3b3Jk")]
    public void Headers_that_name_no_usable_credentials_give_null(string? header)
    {
        // "bm9jb2xvbg==" is "nocolon"; "OnBhc3N3b3Jk" is ":password" (empty user).
        Assert.Null(KnoxCredentials.FromAuthorizationHeader(header));
    }

    [Fact]
    public void A_user_name_with_a_colon_is_refused()
    {
        Assert.Throws<ArgumentException>(() => KnoxCredentials.Basic("a:b", "x"));
    }
}
