namespace Tracker.Heron.Metrics.Query;

internal enum QueryTokenKind
{
    Open,
    Close,
    Comma,

    /// <summary>A maximal run of anything else, whitespace included (an operator name, a number, a TS argument).</summary>
    Text,

    End,
}

/// <summary>A token of a metrics query: its kind and where it lies in the query text.</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, int Position, int Length)
{
    public ReadOnlySpan<char> Text(string source) => source.AsSpan(Position, Length);

    public bool IsBlank(string source) => Kind == QueryTokenKind.Text && Text(source).IsWhiteSpace();

    /// <summary>Splits a query into tokens. Never fails: every character belongs to exactly one token.</summary>
    public static List<QueryToken> Tokenize(string source)
    {
        var tokens = new List<QueryToken>();
        var textStart = -1;
        for (var i = 0; i < source.Length; i++)
        {
            var kind = source[i] switch
            {
                '(' => QueryTokenKind.Open,
                ')' => QueryTokenKind.Close,
                ',' => QueryTokenKind.Comma,
                _ => QueryTokenKind.Text,
            };
            if (kind == QueryTokenKind.Text)
            {
                if (textStart < 0)
                {
                    textStart = i;
                }

                continue;
            }

            if (textStart >= 0)
            {
                tokens.Add(new QueryToken(QueryTokenKind.Text, textStart, i - textStart));
                textStart = -1;
            }

            tokens.Add(new QueryToken(kind, i, 1));
        }

        if (textStart >= 0)
        {
            tokens.Add(new QueryToken(QueryTokenKind.Text, textStart, source.Length - textStart));
        }

        tokens.Add(new QueryToken(QueryTokenKind.End, source.Length, 0));
        return tokens;
    }
}
