namespace Tracker.Jobs.Tracking;

/// <summary>
/// The shape of Oozie's jobs filter (<c>name=value</c> pairs joined by <c>;</c>), checked the same way for the
/// <c>/api/jobs</c> listing and for watches. Which names and values Oozie accepts is left to Oozie.
/// </summary>
internal static class OozieFilter
{
    /// <summary>The filter's pairs in order, names lower-cased as Oozie compares them; null when a part is not name=value.</summary>
    public static IReadOnlyList<(string Name, string Value)>? Parts(string filter)
    {
        var parts = new List<(string, string)>();
        foreach (var part in filter.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || equals == part.Length - 1)
            {
                return null;
            }

            parts.Add((part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim()));
        }

        return parts;
    }

    /// <summary>Null when <paramref name="filter"/> has Oozie's shape, else what is wrong with it.</summary>
    public static string? Problem(string filter)
    {
        if (Parts(filter) is not null)
        {
            return null;
        }

        var bad = filter.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .First(p => p.IndexOf('=') is var e && (e <= 0 || e == p.Length - 1));
        return $"Invalid filter [{filter}]: each part must be name=value, separated by ';' (e.g. status=FAILED;user=alice); [{bad}] is not.";
    }
}
