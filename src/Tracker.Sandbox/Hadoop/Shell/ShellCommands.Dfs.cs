using System.Text;
using Tracker.Sandbox.Hadoop.Hdfs;

namespace Tracker.Sandbox.Hadoop.Shell;

/// <summary>
/// <c>hdfs dfs</c> / <c>hadoop fs</c>: FsShell's commands over the emulated namespace, with its messages and exit
/// codes, and HDFS's permission checks (reads by mode bits, <c>-chmod</c> by the owner).
/// </summary>
internal sealed partial class ShellCommands
{
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
                    else if (_localFiles.TryGetValue(source, out var local))
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
                    if (path is not null && hdfs.CheckRead(user, path, HdfsFileTree.ReadAccess.Read) is { Succeeded: false } denied)
                    {
                        Error(denied.Message);
                        continue;
                    }

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
                    if (path is not null && hdfs.CheckRead(user, path, HdfsFileTree.ReadAccess.List) is { Succeeded: false } denied)
                    {
                        Error(denied.Message);
                        continue;
                    }

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
                            $"{(entry.IsDirectory ? 'd' : '-')}{HdfsFileTree.Symbolic(Convert.ToInt32(entry.Permission, 8))}   {(entry.IsDirectory ? "-" : "3")} {entry.Owner} {HdfsFileTree.SuperGroup} {entry.Length,10} {entry.ModificationTime:yyyy-MM-dd HH:mm} {entry.Path}\n"));
                    }
                }

                break;
            case "-chmod":
                // FsShell takes octal or symbolic modes; the sandbox knows octal ones (what copy scripts use).
                if (operands.Count < 2)
                {
                    return CommandResult.Fail(255, "-chmod: Not enough arguments: expected 2 but got " + operands.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
                }

                if (HdfsFileTree.ParseMode(operands[0]) is not { } mode)
                {
                    return CommandResult.Fail(255, $"chmod: chmod : mode '{operands[0]}' does not match the expected pattern.\n");
                }

                foreach (var operand in operands.Skip(1))
                {
                    var path = Resolve(operand);
                    if (path is null || !hdfs.Exists(path))
                    {
                        Error($"`{operand}': No such file or directory");
                        continue;
                    }

                    var targets = flags.Contains("-R") && hdfs.IsDirectory(path) ? Tree(path) : [path];
                    foreach (var changed in targets)
                    {
                        if (hdfs.SetMode(user, changed, mode) is { Succeeded: false } refused)
                        {
                            Error($"changing permissions of '{changed}': {refused.Message}");
                        }
                    }
                }

                break;
            case "-chown" or "-chgrp" or "-setrep":
                break;
            default:
                return CommandResult.Fail(255, $"{command}: Unknown command\n");
        }

        return new CommandResult(status, output.ToString(), errors.ToString());
    }

    /// <summary>A directory and everything below it, for <c>-R</c>.</summary>
    private List<string> Tree(string directory)
    {
        var all = new List<string> { directory };
        foreach (var entry in hdfs.List(directory))
        {
            if (entry.IsDirectory)
            {
                all.AddRange(Tree(entry.Path));
            }
            else
            {
                all.Add(entry.Path);
            }
        }

        return all;
    }
}
