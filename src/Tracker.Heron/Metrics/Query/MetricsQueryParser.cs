using System.Collections.Frozen;

namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// Parses the Heron metrics query language into a typed tree (<see cref="QueryNode"/>).
/// </summary>
/// <remarks>
/// The reference parses by recursing on substrings (strip, match the first parenthesis, split on top-level
/// commas); this parser accepts the same language from a token stream in one pass:
/// <code>
/// part     := blank* ( '(' part ')' | NAME blank* '(' args ')' | NUMBER | nothing ) blank*
/// args     := part ( ',' part )*          (TS keeps its three arguments as raw, trimmed text)
/// </code>
/// Operator names are case-sensitive, numbers are Python floats, redundant parentheses are allowed anywhere and
/// an empty part (<c>SUM(,)</c>) is "nothing", which SUM, MAX and PERCENTILE ignore as the reference does.
/// Every error is a <see cref="MetricsQueryException"/> naming the problem, its position and the token there;
/// the parser never throws anything else, whatever the input.
/// </remarks>
public static class MetricsQueryParser
{
    /// <summary>Longest accepted query; the Heron UI's longest query is about 200 characters.</summary>
    public const int MaxQueryLength = 8192;

    /// <summary>Deepest accepted nesting of parentheses (operator calls and redundant groups alike).</summary>
    public const int MaxNestingDepth = 64;

    private static readonly FrozenSet<string> Operators =
        new[] { "TS", "DEFAULT", "MAX", "SUM", "SUBTRACT", "PERCENTILE", "DIVIDE", "MULTIPLY", "RATE" }.ToFrozenSet(StringComparer.Ordinal);

    public static QueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxQueryLength)
        {
            throw new MetricsQueryException($"Query is longer than {MaxQueryLength} characters ({query.Length})");
        }

        var parser = new Parser(query);
        var root = parser.ParsePart(depth: 0);
        var next = parser.Peek();
        if (next.Kind != QueryTokenKind.End)
        {
            throw parser.Unexpected(next);
        }

        return root switch
        {
            null => throw new MetricsQueryException("Query is empty"),
            ConstantNode constant => throw new MetricsQueryException(
                "Query must be an operator returning timeseries, not a constant", constant.Position, query.Trim()),
            _ => root,
        };
    }

    private sealed class Parser(string source)
    {
        private readonly List<QueryToken> _tokens = QueryToken.Tokenize(source);
        private int _index;

        public QueryToken Peek() => _tokens[_index];

        /// <summary>Parses one part up to (not including) the next top-level ',' or ')' or the end; null when empty.</summary>
        public QueryNode? ParsePart(int depth)
        {
            SkipBlank();
            var token = Peek();
            switch (token.Kind)
            {
                case QueryTokenKind.End or QueryTokenKind.Comma or QueryTokenKind.Close:
                    return null;

                case QueryTokenKind.Open:
                    _index++;
                    EnterNesting(token, depth);
                    var inner = ParsePart(depth + 1);
                    ExpectClose(token, "(");
                    ExpectEndOfPart();
                    return inner;

                default:
                    _index++;
                    var text = token.Text(source);
                    var trimmed = text.Trim();
                    var position = token.Position + (text.Length - text.TrimStart().Length);
                    if (Peek().Kind == QueryTokenKind.Open)
                    {
                        var op = trimmed.ToString();
                        if (!Operators.Contains(op))
                        {
                            throw new MetricsQueryException($"Invalid token: '{MetricsQueryException.Shorten(op)}' is not an operator", position, op);
                        }

                        var open = Peek();
                        _index++;
                        EnterNesting(open, depth);
                        var node = op == "TS" ? ParseTimeseries(position, open, depth + 1) : ParseOperator(op, position, open, depth + 1);
                        ExpectEndOfPart();
                        return node;
                    }

                    if (!PythonFloat.TryParse(trimmed, out var value))
                    {
                        var shown = trimmed.ToString();
                        throw new MetricsQueryException(
                            $"Invalid syntax: '{MetricsQueryException.Shorten(shown)}' is neither a number nor an operator call", position, shown);
                    }

                    return new ConstantNode(value, position);
            }
        }

        private QueryNode ParseOperator(string op, int position, QueryToken open, int depth)
        {
            var arguments = new List<QueryNode?>();
            var positions = new List<int>();
            while (true)
            {
                SkipBlank();
                positions.Add(Peek().Position);
                arguments.Add(ParsePart(depth));
                var next = Peek();
                if (next.Kind == QueryTokenKind.Comma)
                {
                    _index++;
                    continue;
                }

                ExpectClose(open, op + "(");
                break;
            }

            return Build(op, position, arguments, positions);
        }

        /// <summary>TS takes its arguments as raw text: anything but top-level commas, with balanced parentheses.</summary>
        private TimeseriesNode ParseTimeseries(int position, QueryToken open, int depth)
        {
            var parts = new List<(string Text, int Position)>();
            var partStart = _index;
            var nesting = 0;
            while (true)
            {
                var token = Peek();
                switch (token.Kind)
                {
                    case QueryTokenKind.End:
                        throw MissingClose(open, "TS(");
                    case QueryTokenKind.Open:
                        EnterNesting(token, depth + nesting);
                        nesting++;
                        break;
                    case QueryTokenKind.Close when nesting > 0:
                        nesting--;
                        break;
                    case QueryTokenKind.Close or QueryTokenKind.Comma when nesting == 0:
                        parts.Add(RawPart(partStart, _index));
                        _index++;
                        partStart = _index;
                        if (token.Kind == QueryTokenKind.Close)
                        {
                            return BuildTimeseries(position, parts);
                        }

                        continue;
                }

                _index++;
            }
        }

        private (string Text, int Position) RawPart(int fromToken, int toToken)
        {
            var start = _tokens[fromToken].Position;
            var end = _tokens[toToken].Position;
            var raw = source.AsSpan(start, end - start);
            return (raw.Trim().ToString(), start + (raw.Length - raw.TrimStart().Length));
        }

        private static TimeseriesNode BuildTimeseries(int position, List<(string Text, int Position)> parts)
        {
            if (parts.Count != 3)
            {
                throw new MetricsQueryException($"TS requires 3 arguments, got {parts.Count}", position, "TS");
            }

            string[] names = ["component", "instance", "metric"];
            for (var i = 0; i < 3; i++)
            {
                if (parts[i].Text.Length == 0)
                {
                    throw new MetricsQueryException($"TS argument {i + 1} ({names[i]}) is empty", parts[i].Position, "TS");
                }
            }

            var instance = parts[1].Text == "*" ? null : parts[1].Text;
            return new TimeseriesNode(parts[0].Text, instance, parts[2].Text, position);
        }

        private static QueryNode Build(string op, int position, List<QueryNode?> args, List<int> positions)
        {
            switch (op)
            {
                case "DEFAULT":
                    RequireCount(op, position, args, 2, "DEFAULT requires 2 arguments");
                    if (args[0] is not ConstantNode fill)
                    {
                        throw new MetricsQueryException("First argument to DEFAULT must be a number", positions[0], op);
                    }

                    return new DefaultNode(fill.Value, RequireOperator(args[1], positions[1], "Second argument to DEFAULT must be an operator"), position);

                case "SUM":
                    return new SumNode(args.OfType<QueryNode>().ToArray(), position);

                case "MAX":
                    return new MaxNode(args.OfType<QueryNode>().ToArray(), position);

                case "PERCENTILE":
                    if (args[0] is not ConstantNode quantile)
                    {
                        throw new MetricsQueryException("First argument to PERCENTILE must be a constant", positions[0], op);
                    }

                    if (!(quantile.Value >= 0 && quantile.Value <= 100))
                    {
                        throw new MetricsQueryException(
                            $"Quantile must be between 0 and 100 inclusive, got {quantile.Value}", quantile.Position, op);
                    }

                    return new PercentileNode(
                        quantile.Value,
                        args.Skip(1).Where(a => a is not null and not ConstantNode).Cast<QueryNode>().ToArray(),
                        position);

                case "RATE":
                    RequireCount(op, position, args, 1, "RATE requires exactly one argument");
                    return new RateNode(RequireOperator(args[0], positions[0], "RATE requires a timeseries, not constant"), position);

                default:
                    var arithmetic = op switch
                    {
                        "DIVIDE" => ArithmeticOperator.Divide,
                        "MULTIPLY" => ArithmeticOperator.Multiply,
                        _ => ArithmeticOperator.Subtract,
                    };
                    RequireCount(op, position, args, 2, $"{op} requires exactly two arguments");
                    for (var i = 0; i < 2; i++)
                    {
                        if (args[i] is null)
                        {
                            throw new MetricsQueryException($"Argument {i + 1} of {op} is empty", positions[i], op);
                        }
                    }

                    return new ArithmeticNode(arithmetic, args[0]!, args[1]!, position);
            }
        }

        private static void RequireCount(string op, int position, List<QueryNode?> args, int count, string reason)
        {
            if (args.Count != count)
            {
                throw new MetricsQueryException($"{reason}, got {args.Count}", position, op);
            }
        }

        private static QueryNode RequireOperator(QueryNode? node, int position, string reason) => node switch
        {
            null => throw new MetricsQueryException($"{reason}: the argument is empty", position),
            ConstantNode constant => throw new MetricsQueryException($"{reason}: got the constant {constant.Value}", position),
            _ => node,
        };

        private void SkipBlank()
        {
            while (Peek().IsBlank(source))
            {
                _index++;
            }
        }

        /// <summary>After a closing parenthesis only blanks may follow before the part ends.</summary>
        private void ExpectEndOfPart()
        {
            SkipBlank();
            var next = Peek();
            if (next.Kind is not (QueryTokenKind.End or QueryTokenKind.Comma or QueryTokenKind.Close))
            {
                var text = next.Kind == QueryTokenKind.Open ? "(" : next.Text(source).Trim().ToString();
                throw new MetricsQueryException($"Invalid syntax: unexpected '{MetricsQueryException.Shorten(text)}' after a closing parenthesis", next.Position, text);
            }
        }

        private void ExpectClose(QueryToken open, string what)
        {
            var next = Peek();
            switch (next.Kind)
            {
                case QueryTokenKind.Close:
                    _index++;
                    return;
                case QueryTokenKind.End:
                    throw MissingClose(open, what);
                default:
                    throw Unexpected(next);
            }
        }

        private MetricsQueryException MissingClose(QueryToken open, string what) =>
            new($"Missing closing parenthesis for '{what}' opened at position {open.Position}", source.Length);

        public MetricsQueryException Unexpected(QueryToken token) => token.Kind switch
        {
            QueryTokenKind.Close => new MetricsQueryException("Invalid syntax: too many closing parentheses", token.Position, ")"),
            QueryTokenKind.Comma => new MetricsQueryException("Invalid syntax: unexpected ','", token.Position, ","),
            _ => new MetricsQueryException("Invalid syntax", token.Position, token.Text(source).ToString()),
        };

        private static void EnterNesting(QueryToken open, int depth)
        {
            if (depth + 1 > MaxNestingDepth)
            {
                throw new MetricsQueryException($"Query nests deeper than {MaxNestingDepth} parentheses", open.Position, "(");
            }
        }
    }
}
