using System.Text;
using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop.Shell;

/// <summary>
/// The commands a copy script may call inside the emulated shell action, run as the workflow's user:
/// <c>hdfs dfs</c> / <c>hadoop fs</c> (-mkdir, -rm, -rmdir, -put/-copyFromLocal, -appendToFile, -mv, -cp,
/// -cat, -test, -touchz, -ls, -chmod), <c>yarn logs -applicationId</c>, and <c>echo</c>, <c>cat</c>,
/// <c>true</c>, <c>false</c>, <c>test</c>/<c>[</c>, <c>sleep</c>, <c>rm</c>, <c>mkdir</c> on the action's
/// local working directory (kept in memory). Messages and exit codes are those of Hadoop's FsShell.
/// </summary>
internal sealed partial class ShellCommands(string user, HdfsFileTree hdfs, YarnCluster yarn)
{
    private readonly Dictionary<string, string> _localFiles = new(StringComparer.Ordinal);

    public string? Environment(string name) => name switch
    {
        "USER" or "HADOOP_USER_NAME" => user,
        "HOME" => $"/home/{user}",
        "PWD" => ".",
        _ => null,
    };

    public void WriteLocal(string name, string text, bool append) =>
        _localFiles[name] = append && _localFiles.TryGetValue(name, out var old) ? old + text : text;

    public CommandResult Run(IReadOnlyList<string> words, string stdin)
    {
        var args = words.Skip(1).ToList();
        switch (words[0])
        {
            case "hdfs" when args.FirstOrDefault() == "dfs":
            case "hadoop" when args.FirstOrDefault() is "fs" or "dfs":
                return Dfs(args.Skip(1).ToList(), stdin);
            case "yarn" when args.FirstOrDefault() == "logs":
                return YarnLogs(args.Skip(1).ToList());
            case "echo":
                var newline = args.FirstOrDefault() != "-n";
                var text = string.Join(' ', newline ? args : args.Skip(1));
                return CommandResult.Ok(newline ? text + "\n" : text);
            case "true" or ":":
                return CommandResult.Ok("");
            case "false":
                return CommandResult.Fail(1, "");
            case "sleep":
                return CommandResult.Ok("");
            case "cat":
                if (args.Count == 0)
                {
                    return CommandResult.Ok(stdin);
                }

                var output = new StringBuilder();
                foreach (var name in args)
                {
                    if (!_localFiles.TryGetValue(name, out var content))
                    {
                        return new CommandResult(1, output.ToString(), $"cat: {name}: No such file or directory\n");
                    }

                    output.Append(content);
                }

                return CommandResult.Ok(output.ToString());
            case "rm":
                foreach (var name in args.Where(a => !a.StartsWith('-')))
                {
                    _localFiles.Remove(name);
                }

                return CommandResult.Ok("");
            case "mkdir":
                return CommandResult.Ok("");
            case "test" or "[":
                return Test(words[0] == "[" ? args.Take(Math.Max(args.Count - 1, 0)).ToList() : args);
            default:
                return CommandResult.Fail(127, $"{words[0]}: command not found\n");
        }
    }

    private CommandResult Test(List<string> args)
    {
        bool result;
        if (args.Count == 2 && args[0] is "-s" or "-e" or "-f")
        {
            result = _localFiles.TryGetValue(args[1], out var content) && (args[0] != "-s" || content.Length > 0);
        }
        else if (args.Count == 2 && args[0] is "-z" or "-n")
        {
            result = args[0] == "-z" ? args[1].Length == 0 : args[1].Length > 0;
        }
        else if (args.Count == 3 && args[1] is "=" or "==" or "!=")
        {
            result = args[1] == "!=" ? args[0] != args[2] : args[0] == args[2];
        }
        else if (args.Count == 1)
        {
            result = args[0].Length > 0;
        }
        else
        {
            return CommandResult.Fail(2, "test: unsupported expression\n");
        }

        return result ? CommandResult.Ok("") : CommandResult.Fail(1, "");
    }

    private CommandResult YarnLogs(List<string> args)
    {
        string? applicationId = null;
        string? owner = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-applicationId" when i + 1 < args.Count:
                    applicationId = args[++i];
                    break;
                case "-appOwner" when i + 1 < args.Count:
                    owner = args[++i];
                    break;
                case "-log_files" or "-log_files_pattern" or "-am" or "-size" or "-containerId" or "-nodeAddress" when i + 1 < args.Count:
                    i++;
                    break;
            }
        }

        if (applicationId is null)
        {
            return CommandResult.Fail(255, "Invalid ApplicationId specified\n");
        }

        if (!applicationId.StartsWith("application_", StringComparison.Ordinal)
            || applicationId.Split('_') is not [_, var ts, var seq] || !ts.All(char.IsAsciiDigit) || !seq.All(char.IsAsciiDigit))
        {
            return CommandResult.Fail(255, $"Invalid ApplicationId specified\nInvalid ApplicationId prefix: {applicationId}\n");
        }

        // The CLI runs as the action's user: YARN decides with that user whose logs may be read.
        var logs = yarn.Logs(user, applicationId, owner);
        return logs.Succeeded ? CommandResult.Ok(logs.Stdout) : new CommandResult(255, "", logs.Stderr);
    }
}
