using Tracker.Heron.Shell;

namespace Tracker.Heron.Tests.Shell;

public sealed class ContainerPathTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("log-files")]
    [InlineData("log-files/container_1_word_1.log.0")]
    [InlineData("dir/..hidden")]
    [InlineData("a b/c%d")]
    public void Relative_paths_without_dot_dot_segments_are_accepted(string path) => Assert.Null(ContainerPath.Problem(path));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("\\server\\share", "relative")]
    [InlineData("C:\\Windows", "relative")]
    [InlineData("..", "..")]
    [InlineData("log-files/../../etc", "..")]
    [InlineData("log-files\\..\\..", "..")]
    [InlineData("log-files/x\n", "control")]
    public void Absolute_dot_dot_and_control_paths_are_refused(string path, string reason) =>
        Assert.Contains(reason, ContainerPath.Problem(path));

    [Theory]
    [InlineData("log-files/x.log.0", "log-files/x.log.0")]
    [InlineData("..%2f..%2fetc%2fpasswd", "../../etc/passwd")]
    [InlineData("..%252f..%252fetc%252fpasswd", "../../etc/passwd")]
    [InlineData("%25252e%25252e", "..")]
    [InlineData("a%zzb", "a%zzb")]
    [InlineData("100%", "100%")]
    public void Decoding_reaches_the_final_form(string path, string decoded) => Assert.Equal(decoded, ContainerPath.Decode(path));

    [Fact]
    public void A_path_still_encoded_after_the_bounded_rounds_is_refused()
    {
        var path = "..";
        for (var i = 0; i <= ContainerPath.MaxDecodingRounds; i++)
        {
            path = Uri.EscapeDataString(path).Replace(".", "%2E", StringComparison.Ordinal);
        }

        Assert.Null(ContainerPath.Decode(path));
        Assert.Equal("..", ContainerPath.Decode(Uri.UnescapeDataString(path)));
    }

    [Fact]
    public void Escaping_keeps_separators_and_escapes_segments() =>
        Assert.Equal("log-files/a%20b%3Fc%23d", ContainerPath.Escape("log-files/a b?c#d"));
}
