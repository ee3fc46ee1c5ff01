using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Shell;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Tests.Hadoop.Yarn;

/// <summary>
/// <c>yarn logs</c> decides as Hadoop 3's CLI does whose aggregated logs a user may read: the owner (taken from
/// the ResourceManager's report unless <c>-appOwner</c> names one) and the cluster's admins, nobody else.
/// </summary>
public sealed class YarnLogsTests : IDisposable
{
    private const string Admin = "carol";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "tracker-tests", "yarn-logs-" + Guid.NewGuid().ToString("N"));
    private readonly HdfsFileTree _hdfs;
    private readonly YarnCluster _yarn = new(TimeProvider.System, [Admin]);
    private readonly YarnApplicationModel _alices;

    public YarnLogsTests()
    {
        _hdfs = new HdfsFileTree(_root, ["alice", "bob", Admin]);
        var past = DateTimeOffset.UtcNow.AddHours(-1);
        _alices = _yarn.Launch("alice", "word count", "MAPREDUCE", "oozie-x", past, logsAggregated: true);
        _alices.Finish(past.AddMinutes(1), "FINISHED", "FAILED");
        var bobs = _yarn.Launch("bob", "bob's own", "MAPREDUCE", "oozie-y", past, logsAggregated: true);
        bobs.Finish(past.AddMinutes(1), "FINISHED", "SUCCEEDED");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Another_users_application_is_refused_with_the_owner_from_the_report()
    {
        var result = YarnLogs("bob", $"-applicationId {_alices.Id}");

        Assert.Equal(255, result.Status);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            $"Guessed logs' owner is alice and current user bob does not have permission to access /tmp/logs/alice/logs/{_alices.Id}. "
            + "Error message found: Permission denied: user=bob, access=EXECUTE, inode=\"/tmp/logs/alice\":alice:hadoop:drwxrwx---\n"
            + $"Can not find the logs for the application: {_alices.Id} with the appOwner: alice\n",
            result.Stderr);
    }

    [Fact]
    public void Naming_the_real_owner_grants_nothing()
    {
        var result = YarnLogs("bob", $"-applicationId {_alices.Id} -appOwner alice");

        Assert.Equal(255, result.Status);
        Assert.Equal("", result.Stdout);
        Assert.Contains("current user bob does not have permission to access /tmp/logs/alice/logs/", result.Stderr);
    }

    [Fact]
    public void Naming_oneself_as_owner_finds_no_logs_under_ones_own_directory()
    {
        var result = YarnLogs("bob", $"-applicationId {_alices.Id} -appOwner bob");

        Assert.Equal(255, result.Status);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            $"/tmp/logs/bob/logs/{_alices.Id} does not exist.\nLog aggregation has not completed or is not enabled.\n"
            + $"Can not find the logs for the application: {_alices.Id} with the appOwner: bob\n",
            result.Stderr);
    }

    [Theory]
    [InlineData("alice", "")]
    [InlineData("alice", "-appOwner alice")]
    [InlineData(Admin, "")]
    [InlineData(Admin, "-appOwner alice")]
    public void The_owner_and_admins_read_the_logs(string user, string owner)
    {
        var result = YarnLogs(user, $"-applicationId {_alices.Id} {owner}");

        Assert.Equal(0, result.Status);
        Assert.Equal("", result.Stderr);
        Assert.Contains($"Container: container_{_alices.ClusterTimestamp}_{_alices.Sequence:D4}_01_000001 on ", result.Stdout);
        Assert.Contains($"[{_alices.Id}/", result.Stdout);
    }

    [Fact]
    public void A_pipeline_into_hdfs_copies_nothing_of_another_users_application()
    {
        var result = ShellScript.Run($"""
            set -o pipefail
            yarn logs -applicationId {_alices.Id} | hdfs dfs -put - /user/bob/stolen.log || exit 1
            """, [], new ShellCommands("bob", _hdfs, _yarn));

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(_alices.Id + "/", _hdfs.IsFile("/user/bob/stolen.log") ? File.ReadAllText(_hdfs.Physical("/user/bob/stolen.log")) : "");
    }

    private CommandResult YarnLogs(string user, string arguments) =>
        new ShellCommands(user, _hdfs, _yarn).Run(["yarn", "logs", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)], "");
}
