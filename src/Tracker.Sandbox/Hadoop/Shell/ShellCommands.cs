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
internal sealed class ShellCommands(string user, HdfsFileTree hdfs, YarnCluster yarn)
{
    private readonly Dictionary<string, string> localFiles = new(StringComparer.Ordinal);

    public string? Environment(string name) => name switch
    {
        "USER" or "HADOOP_USER_NAME" => user,
        "HOME" => $"/home/{user}",
        "PWD" => ".",
        _ => null,
    };

    public void WriteLocal(string name, string text, bool append) =>
        localFiles[name] = append && localFiles.TryGetValue(name, out var old) ? old + text : text;

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
                    if (!localFiles.TryGetValue(name, out var content))
                    {
                        return new CommandResult(1, output.ToString(), $"cat: {name}: No such file or directory\n");
                    }

                    output.Append(content);
                }

                return CommandResult.Ok(output.ToString());
            case "rm":
                foreach (var name in args.Where(a => !a.StartsWith('-')))
                {
                    localFiles.Remove(name);
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
            result = localFiles.TryGetValue(args[1], out var content) && (args[0] != "-s" || content.Length > 0);
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

    private CommandResult Dfs(List<string> args, string stdin)
    {
        if (args.Count == 0)
        {
            return CommandResult.Fail(255, "Usage: hadoop fs [generic options]\n");
        }

        var command = args[0];
        var name = command.TrimStart('-');
        var flags = args.Skip(1).TakeWhile(a => a.StartsWith('-') && a.Length > 1).ToHashSet(StringComparer.Ordinal);
        var operands = args.Skip(1 + flags.Count).ToList();
        var errors = new StringBuilder();
        var output = new StringBuilder();
        var status = 0;

        string? Resolve(string path)
        {
            var absolute = path.StartsWith('/') || path.Contains("://", StringComparison.Ordinal) ? path : $"/user/{user}/{path}";
            return HdfsFileTree.Normalize(absolute);
        }

        void Error(string message)
        {
            errors.Append(FormattableString.Invariant($"{name}: {message}\n"));
            status = 1;
        }

        switch (command)
        {
            case "-mkdir":
                foreach (var operand in operands)
                {
                    var path = Resolve(operand);
                    if (path is null)
                    {
                        Error($"`{operand}': Invalid path name");
                    }
                    else if (hdfs.IsDirectory(path) && !flags.Contains("-p"))
                    {
                        Error($"`{operand}': File exists");
                    }
                    else if (!flags.Contains("-p") && !hdfs.IsDirectory(HdfsFileTree.Parent(path)))
                    {
                        Error($"`{operand}': No such file or directory");
                    }
                    else if (hdfs.MakeDirectories(user, path) is { Succeeded: false } failed)
                    {
                        Error(failed.Error == HdfsError.AccessDenied ? failed.Message : $"`{operand}': Is not a directory");
                    }
                }

                break;
            case "-rm" or "-rmdir":
                foreach (var operand in operands)
                {
                    var path = Resolve(operand);
                    if (path is null || !hdfs.Exists(path))
                    {
                        if (!flags.Contains("-f") && !flags.Contains("--ignore-fail-on-non-empty"))
                        {
                            Error($"`{operand}': No such file or directory");
                        }

                        continue;
                    }

                    if (command == "-rm" && hdfs.IsDirectory(path) && !flags.Contains("-r") && !flags.Contains("-R"))
                    {
                        Error($"`{operand}': Is a directory");
                        continue;
                    }

                    var deleted = hdfs.Delete(user, path, recursive: command == "-rm");
                    if (!deleted.Succeeded)
                    {
                        Error(deleted.Error == HdfsError.NotEmpty ? $"`{operand}': Directory is not empty" : deleted.Message);
                    }
                    else if (command == "-rm")
                    {
                        output.Append(FormattableString.Invariant($"Deleted {operand}\n"));
                    }
                }

                break;
            case "-put" or "-copyFromLocal" or "-moveFromLocal" or "-appendToFile":
                if (operands.Count < 2)
                {
                    return CommandResult.Fail(255, $"-{name}: Not enough arguments: expected 2 but got {operands.Count}\n");
                }

                var target = Resolve(operands[^1]);
                if (target is null)
                {
                    Error($"`{operands[^1]}': Invalid path name");
                    break;
                }

                var sources = operands.Take(operands.Count - 1).ToList();
                var data = new StringBuilder();
                foreach (var source in sources)
                {
                    if (source == "-")
                    {
                        data.Append(stdin);
                    }
                    else if (localFiles.TryGetValue(source, out var local))
                    {
                        data.Append(local);
                    }
                    else
                    {
                        Error($"`{source}': No such file or directory");
                    }
                }

                if (status != 0)
                {
                    break;
                }

                if (hdfs.IsDirectory(target) && sources is [var only] && only != "-")
                {
                    target = $"{target}/{Path.GetFileName(only)}";
                }

                // FsShell does not create the parent of a put's target.
                if (!hdfs.IsDirectory(HdfsFileTree.Parent(target)))
                {
                    Error($"`{operands[^1]}': No such file or directory");
                    break;
                }

                if (command == "-appendToFile" && hdfs.IsFile(target))
                {
                    data.Insert(0, File.ReadAllText(hdfs.Physical(target)));
                }
                else if (hdfs.Exists(target) && !flags.Contains("-f"))
                {
                    Error($"`{operands[^1]}': File exists");
                    break;
                }

                using (var content = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())))
                {
                    var written = hdfs.WriteAsync(user, target, overwrite: true, content, CancellationToken.None).GetAwaiter().GetResult();
                    if (!written.Succeeded)
                    {
                        Error(written.Message);
                    }
                }

                break;
            case "-mv" or "-cp":
                if (operands.Count != 2)
                {
                    return CommandResult.Fail(255, $"-{name}: Wrong number of arguments\n");
                }

                var from = Resolve(operands[0]);
                var to = Resolve(operands[1]);
                if (from is null || !hdfs.Exists(from))
                {
                    Error($"`{operands[0]}': No such file or directory");
                    break;
                }

                if (to is null)
                {
                    Error($"`{operands[1]}': Invalid path name");
                    break;
                }

                if (hdfs.IsDirectory(to))
                {
                    to = $"{to}/{HdfsFileTree.Name(from)}";
                }

                if (hdfs.Exists(to) && !(command == "-cp" && flags.Contains("-f")))
                {
                    Error($"`{operands[1]}': File exists");
                    break;
                }

                if (command == "-mv")
                {
                    var renamed = hdfs.Rename(user, from, to);
                    if (!renamed.Succeeded)
                    {
                        Error(renamed.Error == HdfsError.AccessDenied ? renamed.Message : $"`{operands[1]}': Input/output error");
                    }
                }
                else if (hdfs.IsFile(from))
                {
                    using var copy = File.OpenRead(hdfs.Physical(from));
                    var written = hdfs.WriteAsync(user, to, overwrite: true, copy, CancellationToken.None).GetAwaiter().GetResult();
                    if (!written.Succeeded)
                    {
                        Error(written.Message);
                    }
                }
                else
                {
                    Error($"`{operands[0]}': Is a directory");
                }

                break;
            case "-cat" or "-text":
                foreach (var operand in operands)
                {
                    var path = Resolve(operand);
                    if (path is null || !hdfs.IsFile(path))
                    {
                        Error($"`{operand}': No such file or directory");
                        continue;
                    }

                    output.Append(File.ReadAllText(hdfs.Physical(path)));
                }

                break;
            case "-test":
                var tested = operands.Count == 1 ? Resolve(operands[0]) : null;
                if (tested is null || flags.Count != 1)
                {
                    return CommandResult.Fail(255, "-test: Wrong number of arguments\n");
                }

                var found = flags.Single() switch
                {
                    "-e" => hdfs.Exists(tested),
                    "-d" => hdfs.IsDirectory(tested),
                    "-f" => hdfs.IsFile(tested),
                    "-s" => hdfs.Status(tested) is { Length: > 0 },
                    "-z" => hdfs.Status(tested) is { Length: 0 },
                    _ => false,
                };
                return found ? CommandResult.Ok("") : CommandResult.Fail(1, "");
            case "-touchz":
                foreach (var operand in operands)
                {
                    var path = Resolve(operand);
                    if (path is null)
                    {
                        Error($"`{operand}': Invalid path name");
                    }
                    else if (hdfs.Status(path) is { } existing)
                    {
                        if (existing.IsDirectory || existing.Length > 0)
                        {
                            Error($"`{operand}': Not a zero-length file");
                        }
                    }
                    else
                    {
                        using var empty = new MemoryStream();
                        if (hdfs.WriteAsync(user, path, overwrite: false, empty, CancellationToken.None).GetAwaiter().GetResult() is { Succeeded: false } failed)
                        {
                            Error(failed.Message);
                        }
                    }
                }

                break;
            case "-ls":
                foreach (var operand in operands.DefaultIfEmpty($"/user/{user}"))
                {
                    var path = Resolve(operand);
                    if (path is null || !hdfs.Exists(path))
                    {
                        Error($"`{operand}': No such file or directory");
                        continue;
                    }

                    var entries = hdfs.IsDirectory(path) ? hdfs.List(path) : [hdfs.Status(path)!];
                    if (hdfs.IsDirectory(path))
                    {
                        output.Append(FormattableString.Invariant($"Found {entries.Count} items\n"));
                    }

                    foreach (var entry in entries)
                    {
                        output.Append(FormattableString.Invariant(
                            $"{(entry.IsDirectory ? "drwxr-xr-x" : "-rw-r--r--")}   {(entry.IsDirectory ? "-" : "3")} {entry.Owner} {HdfsFileTree.SuperGroup} {entry.Length,10} {entry.ModificationTime:yyyy-MM-dd HH:mm} {entry.Path}\n"));
                    }
                }

                break;
            case "-chmod" or "-chown" or "-chgrp" or "-setrep":
                break;
            default:
                return CommandResult.Fail(255, $"{command}: Unknown command\n");
        }

        return new CommandResult(status, output.ToString(), errors.ToString());
    }
}
