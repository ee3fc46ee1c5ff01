namespace Tracker.Heron.Shell;

/// <summary>
/// The rule for container paths, checked before any shell call: relative, no <c>..</c> segment
/// (heron-shell enforces the same, the tracker just refuses earlier and with a 400). A path is
/// checked, and sent, in its final form (<see cref="Decode"/>): a check of one spelling and a use of
/// another let <c>..%252f..%252fetc%252fpasswd</c> through to the shell.
/// </summary>
public static class ContainerPath
{
    /// <summary>Percent-decoding rounds undone after the query string's own; a path still changing after them is refused.</summary>
    public const int MaxDecodingRounds = 4;

    /// <summary>
    /// <paramref name="path"/> percent-decoded until it no longer changes (what some layer below
    /// could otherwise still decode into <c>..</c> or <c>/</c>); null when it still changes after
    /// <see cref="MaxDecodingRounds"/> rounds. Invalid escapes such as <c>%zz</c> stay as they are.
    /// </summary>
    public static string? Decode(string path)
    {
        var current = path;
        for (var round = 0; round < MaxDecodingRounds; round++)
        {
            var next = Uri.UnescapeDataString(current);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return current;
            }

            current = next;
        }

        return string.Equals(Uri.UnescapeDataString(current), current, StringComparison.Ordinal) ? current : null;
    }

    /// <summary>Null when <paramref name="path"/> is acceptable, else why not.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "path must not be empty";
        }

        if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':'))
        {
            return "path must be relative to the container's directory";
        }

        if (path.Split('/', '\\').Any(segment => segment == ".."))
        {
            return "path must not contain '..'";
        }

        return path.Any(char.IsControl) ? "path must not contain control characters" : null;
    }

    /// <summary>The path as a URL path with every segment escaped and the separators kept.</summary>
    public static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
