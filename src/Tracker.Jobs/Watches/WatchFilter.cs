using System.Text.RegularExpressions;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Watches;

/// <summary>
/// A watch's filter split into what Oozie is asked and what Tracker matches itself. Oozie's <c>name</c> filter
/// compares names exactly, so <c>name</c> values with a <c>*</c> wildcard are left out of the listing call and
/// matched here against each listed job's name (several <c>name</c> values match any of them, as in Oozie).
/// </summary>
internal sealed class WatchFilter
{
    private readonly IReadOnlyList<Regex> _names;

    private WatchFilter(string oozieFilter, IReadOnlyList<Regex> names)
    {
        OozieQuery = oozieFilter;
        _names = names;
    }

    /// <summary>The filter sent to Oozie, always with <c>user=owner</c>.</summary>
    public string OozieQuery { get; }

    /// <summary>Null when <paramref name="filter"/> may be a watch's filter, else the reason it may not.</summary>
    public static string? Problem(string filter)
    {
        if (OozieFilter.Problem(filter) is { } problem)
        {
            return problem;
        }

        return OozieFilter.Parts(filter)!.Any(p => p.Name == "user")
            ? $"Invalid filter [{filter}]: a watch always follows the caller's own jobs, so 'user' may not be given."
            : null;
    }

    public static WatchFilter For(string filter, string owner)
    {
        var parts = OozieFilter.Parts(filter) ?? throw new ArgumentException($"Not a filter: {filter}", nameof(filter));
        var names = parts.Where(p => p.Name == "name").Select(p => p.Value).ToList();
        var local = names.Any(n => n.Contains('*', StringComparison.Ordinal));
        var sent = parts.Where(p => !(local && p.Name == "name")).Select(p => $"{p.Name}={p.Value}").Append($"user={owner}");
        var patterns = local
            ? names.Select(n => new Regex("^" + Regex.Escape(n).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline)).ToList()
            : [];
        return new WatchFilter(string.Join(';', sent), patterns);
    }

    /// <summary>Whether a job Oozie listed for <see cref="OozieQuery"/> matches the name patterns kept here.</summary>
    public bool Matches(string? appName) => _names.Count == 0 || (appName is not null && _names.Any(r => r.IsMatch(appName)));
}
