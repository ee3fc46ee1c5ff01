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

    [Fact]
    public void Escaping_keeps_separators_and_escapes_segments() =>
        Assert.Equal("log-files/a%20b%3Fc%23d", ContainerPath.Escape("log-files/a b?c#d"));
}
