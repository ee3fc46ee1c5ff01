namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// A metrics query that cannot be run because of the query itself (its syntax, its shape or its window):
/// always the caller's fault, so the endpoints answer it with a 400 and this message.
/// </summary>
public sealed class MetricsQueryException : Exception
{
    public MetricsQueryException(string reason, int position = -1, string? token = null)
        : base(Describe(reason, position, token))
    {
        Reason = reason;
        Position = position;
        Token = token;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>Zero-based character offset in the query text, or −1 when the problem is not at one place.</summary>
    public int Position { get; }

    /// <summary>The offending text, when there is one.</summary>
    public string? Token { get; }

    private static string Describe(string reason, int position, string? token) => (position, token) switch
    {
        ( < 0, _) => reason,
        (_, null) => $"{reason} (at position {position})",
        _ => $"{reason} (at position {position}, near '{Shorten(token)}')",
    };

    /// <summary>Queries may be 8 KiB long; a message quotes no more than the start of an offending token.</summary>
    internal static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
