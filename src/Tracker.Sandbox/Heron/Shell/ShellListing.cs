using System.Globalization;
using System.Text.Json.Serialization;

namespace Tracker.Sandbox.Heron;

/// <summary>heron-shell's directory listing: <c>ls -l</c>-like lines keyed by file name, sorted, <c>..</c> below the top.</summary>
internal static class ShellListing
{
    public static IReadOnlyDictionary<string, ShellFileStatEntry> Stats(string root, string path)
    {
        var directory = System.IO.Path.Combine(root, path);
        var listing = new SortedDictionary<string, ShellFileStatEntry>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return listing;
        }

        var names = Directory.EnumerateFileSystemEntries(directory).Select(e => System.IO.Path.GetFileName(e)).ToList();
        if (path != ".")
        {
            names.Add("..");
        }

        foreach (var name in names)
        {
            var full = System.IO.Path.Combine(directory, name);
            var isDirectory = Directory.Exists(full);
            var relative = name == ".."
                ? string.Join('/', path.Split('/')[..^1])
                : System.IO.Path.Combine(path, name);
            listing[name] = new ShellFileStatEntry(Format(full, isDirectory), isDirectory, QuotePlus(relative));
        }

        return listing;
    }

    /// <summary>Python's <c>urllib.parse.quote_plus</c>, which Tornado's <c>url_escape</c> uses: <c>/</c> → <c>%2F</c>, space → <c>+</c>.</summary>
    private static string QuotePlus(string text) => Uri.EscapeDataString(text).Replace("%20", "+");

    private static string Format(string full, bool isDirectory)
    {
        FileSystemInfo info = isDirectory ? new DirectoryInfo(full) : new FileInfo(full);
        var mode = Mode(info.UnixFileMode, isDirectory);
        var links = isDirectory ? 2 + Directory.EnumerateDirectories(full).Count() : 1;
        var size = isDirectory ? 4096 : ((FileInfo)info).Length;
        var modified = info.LastWriteTimeUtc;
        var user = Environment.UserName;
        var when = modified.Year == DateTime.UtcNow.Year
            ? modified.ToString("HH:mm", CultureInfo.InvariantCulture)
            : modified.Year.ToString(CultureInfo.InvariantCulture);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{mode} {links,3} {user} {user} {size} {modified.ToString("MMM", CultureInfo.InvariantCulture)} {modified.Day,2} {when,5}");
    }

    private static string Mode(UnixFileMode mode, bool isDirectory)
    {
        Span<char> text = stackalloc char[10];
        text[0] = isDirectory ? 'd' : '-';
        UnixFileMode[] bits =
        [
            UnixFileMode.UserRead, UnixFileMode.UserWrite, UnixFileMode.UserExecute,
            UnixFileMode.GroupRead, UnixFileMode.GroupWrite, UnixFileMode.GroupExecute,
            UnixFileMode.OtherRead, UnixFileMode.OtherWrite, UnixFileMode.OtherExecute,
        ];
        for (var i = 0; i < bits.Length; i++)
        {
            text[i + 1] = (mode & bits[i]) == 0 ? '-' : "rwx"[i % 3];
        }

        return new string(text);
    }
}

/// <summary>The JSON of one <c>/filestats</c> entry.</summary>
public sealed record ShellFileStatEntry(
    [property: JsonPropertyName("formatted_stat")] string FormattedStat,
    [property: JsonPropertyName("is_dir")] bool IsDirectory,
    [property: JsonPropertyName("path")] string RelativePath);
