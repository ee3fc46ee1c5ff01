using System.Text;
using Tracker.Jobs.Authentication;

namespace Tracker.Jobs.Tests.Authentication;

public sealed class BearerSubjectTests
{
    private static string Jwt(string payload)
        => $"eyJhbGciOiJSUzI1NiJ9.{Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.c2lnbmF0dXJl";

    [Fact]
    public void KnoxToken_NamesItsSubject()
        => Assert.Equal("alice", KnoxAuthenticator.BearerSubject(Jwt("{\"sub\":\"alice\",\"exp\":1}")));

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("a.!!!.c")]
    public void OtherTokens_NameNobody(string token) => Assert.Null(KnoxAuthenticator.BearerSubject(token));

    [Fact]
    public void TokenWithoutSubject_NamesNobody() => Assert.Null(KnoxAuthenticator.BearerSubject(Jwt("{\"iss\":\"knox\"}")));
}
