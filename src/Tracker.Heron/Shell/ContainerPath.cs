namespace Tracker.Heron.Shell;

/// <summary>
/// The rule for container paths, checked before any shell call: relative, no <c>..</c> segment
/// (heron-shell enforces the same, the tracker just refuses earlier and with a 400).
/// </summary>
public static class ContainerPath
{
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
