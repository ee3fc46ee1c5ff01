using System.Text;

namespace Tracker.Sandbox.Hadoop.Shell;

/// <summary>
/// Runs the script of an Oozie shell action the way bash would, for the small subset of shell that
/// copy scripts use: variables and positional parameters, quoting, <c>;</c> <c>&amp;&amp;</c> <c>||</c> <c>|</c>,
/// <c>set -e</c> / <c>set -o pipefail</c>, redirections to <c>/dev/null</c>, to stderr and to local files,
/// and the commands of <see cref="ShellCommands"/>. Anything else fails the way an unknown command does,
/// so a script the sandbox cannot run never "succeeds" by accident.
/// </summary>
internal sealed class ShellScript
{
    private readonly ShellCommands _commands;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _arguments;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private bool _errexit;
    private bool _pipefail;
    private int _lastStatus;

    public ShellScript(ShellCommands commands, IReadOnlyList<string> arguments)
    {
        this._commands = commands;
        this._arguments = arguments;
    }

    public static ShellResult Run(string script, IReadOnlyList<string> arguments, ShellCommands commands)
    {
        var shell = new ShellScript(commands, arguments);
        var status = shell.Execute(script);
        return new ShellResult(status, shell._stdout.ToString(), shell._stderr.ToString());
    }

    private int Execute(string script)
    {
        foreach (var line in LogicalLines(script))
        {
            List<Token> tokens;
            try
            {
                tokens = Tokenize(line);
            }
            catch (ShellSyntaxException e)
            {
                _stderr.Append(CultureInfo($"script: {e.Message}\n"));
                return 2;
            }

            foreach (var andOr in Split(tokens, ";"))
            {
                if (andOr.Count == 0)
                {
                    continue;
                }

                var (status, lastOfList) = RunAndOr(andOr);
                if (status is ExitRequest exit)
                {
                    return exit.Code;
                }

                _lastStatus = (int)status;
                if (_errexit && _lastStatus != 0 && lastOfList)
                {
                    return _lastStatus;
                }
            }
        }

        return _lastStatus;
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private (object Status, bool LastOfList) RunAndOr(List<Token> tokens)
    {
        // Split on && and || while keeping the operators.
        var pipelines = new List<(string? Operator, List<Token> Tokens)>();
        var current = new List<Token>();
        string? pending = null;
        foreach (var token in tokens)
        {
            if (token.IsOperator && token.Text is "&&" or "||")
            {
                pipelines.Add((pending, current));
                pending = token.Text;
                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        pipelines.Add((pending, current));
        var status = 0;
        var lastRan = -1;
        for (var i = 0; i < pipelines.Count; i++)
        {
            var (op, pipeline) = pipelines[i];
            if (op == "&&" && status != 0 || op == "||" && status == 0)
            {
                continue;
            }

            var result = RunPipeline(pipeline);
            if (result is ExitRequest)
            {
                return (result, true);
            }

            status = (int)result;
            _lastStatus = status;
            lastRan = i;
        }

        return (status, lastRan == pipelines.Count - 1);
    }

    private object RunPipeline(List<Token> tokens)
    {
        var stages = Split(tokens, "|");
        var input = "";
        var statuses = new List<int>();
        foreach (var stage in stages)
        {
            var words = new List<string>();
            var redirects = new List<(string Op, string Target)>();
            for (var i = 0; i < stage.Count; i++)
            {
                var token = stage[i];
                if (token.IsOperator)
                {
                    if (token.Text is "2>&1" or ">&2" or "1>&2")
                    {
                        redirects.Add((token.Text, ""));
                        continue;
                    }

                    if (token.Text is ">" or ">>" or "2>" or "2>>" && i + 1 < stage.Count && !stage[i + 1].IsOperator)
                    {
                        redirects.Add((token.Text, stage[++i].Text));
                        continue;
                    }

                    _stderr.Append(CultureInfo($"script: syntax error near unexpected token `{token.Text}'\n"));
                    return 2;
                }

                words.Add(token.Text);
            }

            if (words.Count == 0)
            {
                statuses.Add(0);
                input = "";
                continue;
            }

            // Leading NAME=value words set shell variables (only when nothing follows, as the scripts use them).
            if (words.All(IsAssignment))
            {
                foreach (var word in words)
                {
                    var eq = word.IndexOf('=');
                    _variables[word[..eq]] = word[(eq + 1)..];
                }

                statuses.Add(0);
                input = "";
                continue;
            }

            var result = RunCommand(words, input);
            if (result.Exit is { } exit)
            {
                _stdout.Append(result.Stdout);
                _stderr.Append(result.Stderr);
                return new ExitRequest(exit);
            }

            var outText = result.Stdout;
            var errText = result.Stderr;
            foreach (var (op, target) in redirects)
            {
                switch (op)
                {
                    case "2>&1":
                        outText += errText;
                        errText = "";
                        break;
                    case ">&2" or "1>&2":
                        errText += outText;
                        outText = "";
                        break;
                    case ">" or ">>":
                        if (target != "/dev/null")
                        {
                            _commands.WriteLocal(target, outText, append: op == ">>");
                        }

                        outText = "";
                        break;
                    case "2>" or "2>>":
                        if (target != "/dev/null")
                        {
                            _commands.WriteLocal(target, errText, append: op == "2>>");
                        }

                        errText = "";
                        break;
                }
            }

            _stderr.Append(errText);
            input = outText;
            statuses.Add(result.Status);
        }

        _stdout.Append(input);
        if (_pipefail)
        {
            var failed = statuses.LastOrDefault(s => s != 0);
            return failed;
        }

        return statuses.Count == 0 ? 0 : statuses[^1];
    }

    private CommandResult RunCommand(List<string> words, string stdin)
    {
        switch (words[0])
        {
            case "set":
                foreach (var option in words.Skip(1))
                {
                    if (option.StartsWith('-') && option.Contains('e'))
                    {
                        _errexit = true;
                    }

                    if (option == "pipefail")
                    {
                        _pipefail = true;
                    }
                }

                return CommandResult.Ok("");
            case "export":
                foreach (var word in words.Skip(1).Where(IsAssignment))
                {
                    var eq = word.IndexOf('=');
                    _variables[word[..eq]] = word[(eq + 1)..];
                }

                return CommandResult.Ok("");
            case "exit":
                return new CommandResult(0, "", "", words.Count > 1 && int.TryParse(words[1], out var code) ? code & 0xff : _lastStatus);
            default:
                return _commands.Run(words, stdin);
        }
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        return eq > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    private static List<List<Token>> Split(List<Token> tokens, string separator)
    {
        var parts = new List<List<Token>> { new() };
        foreach (var token in tokens)
        {
            if (token.IsOperator && token.Text == separator)
            {
                parts.Add([]);
            }
            else
            {
                parts[^1].Add(token);
            }
        }

        return parts;
    }

    private static IEnumerable<string> LogicalLines(string script)
    {
        var pending = new StringBuilder();
        foreach (var raw in script.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.EndsWith('\\'))
            {
                pending.Append(raw, 0, raw.Length - 1);
                continue;
            }

            pending.Append(raw);
            var line = pending.ToString();
            pending.Clear();
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }

        if (pending.Length > 0)
        {
            yield return pending.ToString();
        }
    }

    private List<Token> Tokenize(string line)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        void EndWord()
        {
            if (inWord)
            {
                tokens.Add(new Token(word.ToString(), false));
                word.Clear();
                inWord = false;
            }
        }

        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                EndWord();
                i++;
                continue;
            }

            if (c == '#' && !inWord)
            {
                break;
            }

            var op = Operator(line, i, inWord);
            if (op is not null)
            {
                EndWord();
                tokens.Add(new Token(op, true));
                i += op.Length;
                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new ShellSyntaxException("unexpected EOF while looking for matching `''");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    i = close + 1;
                    break;
                case '"':
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            word.Append(line[i + 1]);
                            i += 2;
                        }
                        else if (line[i] == '$')
                        {
                            i = Expand(line, i, word);
                        }
                        else if (line[i] == '`')
                        {
                            throw new ShellSyntaxException("command substitution is not supported by the sandbox");
                        }
                        else
                        {
                            word.Append(line[i++]);
                        }
                    }

                    if (i >= line.Length)
                    {
                        throw new ShellSyntaxException("unexpected EOF while looking for matching `\"'");
                    }

                    i++;
                    break;
                case '\\':
                    if (i + 1 < line.Length)
                    {
                        word.Append(line[i + 1]);
                    }

                    i += 2;
                    break;
                case '$':
                    i = Expand(line, i, word);
                    break;
                case '`' or '(' or ')' or '{' or '}' when !inWord || word.Length == 0:
                    throw new ShellSyntaxException($"`{c}' is not supported by the sandbox");
                default:
                    word.Append(c);
                    i++;
                    break;
            }
        }

        EndWord();
        if (tokens.Count > 0 && !tokens[0].IsOperator && tokens[0].Text is "if" or "then" or "else" or "fi" or "for" or "while" or "do" or "done" or "case" or "function")
        {
            throw new ShellSyntaxException($"`{tokens[0].Text}' is not supported by the sandbox");
        }

        return tokens;
    }

    private static string? Operator(string line, int i, bool inWord)
    {
        string[] candidates = ["2>&1", "1>&2", ">&2", "2>>", "2>", "&&", "||", ">>", ">", "|", ";", "&"];
        foreach (var candidate in candidates)
        {
            if (string.CompareOrdinal(line, i, candidate, 0, candidate.Length) == 0)
            {
                // "2>" only starts a redirection at the beginning of a word.
                if (candidate[0] is '1' or '2' && inWord)
                {
                    continue;
                }

                if (candidate == "&")
                {
                    throw new ShellSyntaxException("background jobs are not supported by the sandbox");
                }

                return candidate;
            }
        }

        return null;
    }

    private int Expand(string line, int i, StringBuilder word)
    {
        // line[i] == '$'
        if (i + 1 >= line.Length)
        {
            word.Append('$');
            return i + 1;
        }

        var next = line[i + 1];
        if (next == '(')
        {
            throw new ShellSyntaxException("command substitution is not supported by the sandbox");
        }

        if (next == '{')
        {
            var close = line.IndexOf('}', i + 2);
            if (close < 0)
            {
                throw new ShellSyntaxException("bad substitution");
            }

            var inner = line[(i + 2)..close];
            var fallback = inner.IndexOf(":-", StringComparison.Ordinal);
            var name = fallback >= 0 ? inner[..fallback] : inner;
            var value = Lookup(name);
            word.Append(string.IsNullOrEmpty(value) && fallback >= 0 ? inner[(fallback + 2)..] : value);
            return close + 1;
        }

        if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?')
        {
            word.Append(Lookup(next.ToString()));
            return i + 2;
        }

        var end = i + 1;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
        {
            end++;
        }

        if (end == i + 1)
        {
            word.Append('$');
            return i + 1;
        }

        word.Append(Lookup(line[(i + 1)..end]));
        return end;
    }

    private string Lookup(string name) => name switch
    {
        "0" => "copy.sh",
        "#" => _arguments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "?" => _lastStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "@" or "*" => string.Join(' ', _arguments),
        _ when name.All(char.IsAsciiDigit) => int.Parse(name, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 1 && n <= _arguments.Count ? _arguments[n - 1] : "",
        _ => _variables.TryGetValue(name, out var value) ? value : _commands.Environment(name) ?? "",
    };

    private sealed record Token(string Text, bool IsOperator);

    private sealed record ExitRequest(int Code);

    private sealed class ShellSyntaxException(string message) : Exception(message);
}

internal sealed record ShellResult(int ExitCode, string Stdout, string Stderr);

internal sealed record CommandResult(int Status, string Stdout, string Stderr, int? Exit = null)
{
    public static CommandResult Ok(string stdout) => new(0, stdout, "");

    public static CommandResult Fail(int status, string stderr) => new(status, "", stderr);
}
