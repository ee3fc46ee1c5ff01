using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Shell;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Tests.Hadoop.Shell;

/// <summary>The shell subset the emulated shell action understands, and bash's exit-status rules within it.</summary>
public sealed class ShellScriptTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tracker-tests", "shell-" + Guid.NewGuid().ToString("N"));
    private readonly HdfsFileTree _hdfs;
    private readonly YarnCluster _yarn = new(TimeProvider.System);
    private readonly YarnApplicationModel _finished;
    private readonly YarnApplicationModel _purged;

    public ShellScriptTests()
    {
        _hdfs = new HdfsFileTree(_root, ["alice", "bob"]);
        var past = DateTimeOffset.UtcNow.AddHours(-1);
        _finished = _yarn.Launch("alice", "word count", "MAPREDUCE", "oozie-x", past, logsAggregated: true);
        _finished.Finish(past.AddMinutes(1), "FINISHED", "FAILED");
        _purged = _yarn.Launch("alice", "old", "MAPREDUCE", "oozie-y", past, logsAggregated: false);
        _purged.Finish(past.AddMinutes(1), "FINISHED", "FAILED");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Arguments_variables_and_quotes_expand_as_in_bash()
    {
        var result = Run("""
            name="$1 and ${2}"
            echo "$name" '$1' ${3:-fallback} $#
            echo \$HOME is $HOME # a comment
            """, "one", "two");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("one and two $1 fallback 2\n$HOME is /home/alice\n", result.Stdout);
    }

    [Fact]
    public void Without_set_e_the_script_goes_on_and_the_last_status_counts()
    {
        var result = Run("""
            hdfs dfs -rm /user/alice/missing.log
            echo still here
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("still here\n", result.Stdout);
        Assert.Equal("rm: `/user/alice/missing.log': No such file or directory\n", result.Stderr);
    }

    [Fact]
    public void Set_e_stops_at_the_first_failure_but_not_inside_a_condition()
    {
        var result = Run("""
            set -e
            false || echo recovered
            false && echo never
            hdfs dfs -cat /user/alice/none
            echo not reached
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("recovered\n", result.Stdout);
    }

    [Fact]
    public void A_pipeline_reports_its_last_command_unless_pipefail()
    {
        var plain = Run($"yarn logs -applicationId {_purged.Id} | hdfs dfs -put - /user/alice/a.log");
        var strict = Run($"set -o pipefail\nyarn logs -applicationId {_purged.Id} | hdfs dfs -put - /user/alice/b.log");

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(255, strict.ExitCode);
        Assert.Contains("Log aggregation has not completed or is not enabled.", strict.Stderr);
        Assert.Equal("", File.ReadAllText(_hdfs.Physical("/user/alice/a.log")));
    }

    [Fact]
    public void Yarn_logs_prints_every_container_log()
    {
        var result = Run($"""
            echo x | hdfs dfs -put - logs/early.log
            hdfs dfs -mkdir logs
            yarn logs -applicationId {_finished.Id} | hdfs dfs -put - logs/app.log && hdfs dfs -test -s logs/app.log && echo copied
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("copied\n", result.Stdout);
        Assert.Equal("put: `logs/early.log': No such file or directory\n", result.Stderr);
        var text = File.ReadAllText(_hdfs.Physical("/user/alice/logs/app.log"));
        foreach (var container in _finished.Containers)
        {
            Assert.Contains($"Container: {container} on ", text);
            Assert.Contains($"[{_finished.Id}/{container}] stdout of word count", text);
        }

        Assert.Equal(6, text.Split("End of LogType:").Length - 1);
    }

    [Fact]
    public void Hdfs_commands_keep_hdfs_rules()
    {
        var result = Run("""
            hdfs dfs -mkdir -p /user/alice/x/y
            echo one | hdfs dfs -put - /user/alice/x/y/f
            echo two | hdfs dfs -put - /user/alice/x/y/f
            echo three | hdfs dfs -put -f - /user/alice/x/y/g
            hdfs dfs -mv /user/alice/x/y/g /user/alice/x/y/f
            hdfs dfs -mv /user/alice/x/y/g /user/alice/x/y/h
            echo mine | hdfs dfs -put - /user/bob/theirs
            hdfs dfs -cat /user/alice/x/y/f /user/alice/x/y/h
            """);

        Assert.Equal(
            "put: `/user/alice/x/y/f': File exists\n"
            + "mv: `/user/alice/x/y/f': File exists\n"
            + "put: Permission denied: user=alice, access=WRITE, inode=\"/user/bob\":bob:supergroup:drwxr-xr-x\n",
            result.Stderr);
        Assert.Equal("one\nthree\n", result.Stdout);
        Assert.False(_hdfs.Exists("/user/bob/theirs"));
    }

    [Fact]
    public void Chmod_sets_the_mode_that_ls_shows_and_reads_are_checked_by_it()
    {
        var result = Run("""
            hdfs dfs -mkdir -p /user/alice/private
            echo secret | hdfs dfs -put - /user/alice/private/f
            hdfs dfs -chmod 700 /user/alice/private
            hdfs dfs -chmod 600 /user/alice/private/f
            hdfs dfs -chmod u+x /user/alice/private/f
            hdfs dfs -chmod 600 /user/bob
            hdfs dfs -ls /user/alice/private
            """);

        Assert.Equal("700", _hdfs.Status("/user/alice/private")!.Permission);
        Assert.Equal("600", _hdfs.Status("/user/alice/private/f")!.Permission);
        Assert.Contains("-rw-------   3 alice supergroup", result.Stdout);
        Assert.Contains("chmod: chmod : mode 'u+x' does not match the expected pattern.", result.Stderr);
        Assert.Contains("chmod: changing permissions of '/user/bob': Permission denied. user=alice is not the owner of inode=/user/bob", result.Stderr);
        Assert.Equal("755", _hdfs.Status("/user/bob")!.Permission);

        var bob = ShellScript.Run("hdfs dfs -cat /user/alice/private/f", [], new ShellCommands("bob", _hdfs, _yarn));
        Assert.Equal(1, bob.ExitCode);
        Assert.Equal("cat: Permission denied: user=bob, access=EXECUTE, inode=\"/user/alice/private\":alice:supergroup:drwx------\n", bob.Stderr);
    }

    [Fact]
    public void Exit_ends_the_script_with_its_code()
    {
        var result = Run("""
            hdfs dfs -test -e /user/alice/none || exit 3
            echo not reached
            """);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("echo $(date)")]
    [InlineData("if true; then echo x; fi")]
    [InlineData("sleep 5 &")]
    [InlineData("echo 'unterminated")]
    public void Shell_the_sandbox_cannot_run_fails_instead_of_succeeding(string script)
    {
        var result = Run(script);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("script:", result.Stderr);
    }

    [Fact]
    public void Unknown_commands_fail_with_127()
    {
        var result = Run("curl http://example.com");

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("curl: command not found\n", result.Stderr);
    }

    [Fact]
    public void Redirections_reach_dev_null_stderr_and_local_files()
    {
        var result = Run($"""
            hdfs dfs -cat /user/alice/none 2>/dev/null
            echo to-stderr >&2
            yarn logs -applicationId {_finished.Id} > app.log
            test -s app.log && hdfs dfs -put app.log /user/alice/local.log
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("to-stderr\n", result.Stderr);
        Assert.Contains(_finished.Containers[0], File.ReadAllText(_hdfs.Physical("/user/alice/local.log")));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void A_guarded_copy_publishes_only_a_complete_non_empty_file(bool aggregated, int exitCode)
    {
        var app = aggregated ? _finished : _purged;
        const string script = """
            set -o pipefail
            target="$1/$2/$3.log"
            temporary="$1/$2/.$3.log.copying"
            hdfs dfs -mkdir -p "$1/$2" || exit 1
            hdfs dfs -rm -f "$temporary"
            yarn logs -applicationId "$3" | hdfs dfs -put -f - "$temporary" || exit 1
            hdfs dfs -test -s "$temporary" || exit 1
            hdfs dfs -rm -f "$target"
            hdfs dfs -mv "$temporary" "$target" || exit 1
            """;

        var result = Run(script, "/user/alice/WORK/logs", "0000001-1-oozie-W", app.Id);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(aggregated, _hdfs.IsFile($"/user/alice/WORK/logs/0000001-1-oozie-W/{app.Id}.log"));
    }

    private ShellResult Run(string script, params string[] arguments) =>
        ShellScript.Run(script, arguments, new ShellCommands("alice", _hdfs, _yarn));
}
