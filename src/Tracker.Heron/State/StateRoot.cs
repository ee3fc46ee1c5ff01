namespace Tracker.Heron.State;

/// <summary>Root paths of file state managers.</summary>
public static class StateRoot
{
    /// <summary>Expands a leading <c>~</c> to the home directory (Heron's configs use <c>~/.herondata/...</c>) and makes the path absolute.</summary>
    public static string ExpandHome(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = home + path[1..];
        }

        return Path.GetFullPath(path);
    }
}
