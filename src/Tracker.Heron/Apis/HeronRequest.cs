using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// Query parameter checks shared by every Heron endpoint: each failure comes back as a ready
/// <see cref="IResult"/> (400 naming the parameter, 404 for an unknown topology) in the style of
/// the serving group, so handlers read
/// <code>if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)) return error;</code>
/// </summary>
public static class HeronRequest
{
    /// <summary>A parameter that must be given exactly once, non-empty.</summary>
    public static bool TryRequired(HttpContext context, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out IResult? error)
    {
        if (!TryOptional(context, name, out value, out error))
        {
            return false;
        }

        if (string.IsNullOrEmpty(value))
        {
            error = HeronResponses.MissingParameter(name);
            return false;
        }

        return true;
    }

    /// <summary>A parameter that may be left out (null) but not repeated.</summary>
    public static bool TryOptional(HttpContext context, string name, out string? value, [NotNullWhen(false)] out IResult? error)
    {
        var values = context.Request.Query[name];
        if (values.Count > 1)
        {
            value = null;
            error = HeronResponses.BadParameter(name, "given more than once");
            return false;
        }

        value = values.Count == 1 ? values[0] : null;
        error = null;
        return true;
    }

    /// <summary>Every value of a repeatable parameter (<c>?cluster=a&amp;cluster=b</c>), empty ones dropped.</summary>
    public static IReadOnlyList<string> Repeated(HttpContext context, string name)
    {
        StringValues values = context.Request.Query[name];
        if (values.Count == 0)
        {
            return [];
        }

        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(value);
            }
        }

        return list;
    }

    /// <summary>An integer parameter; absent gives <paramref name="fallback"/> unless <paramref name="required"/>.</summary>
    public static bool TryInteger(HttpContext context, string name, bool required, long fallback, out long value, [NotNullWhen(false)] out IResult? error)
    {
        value = fallback;
        if (!TryOptional(context, name, out var text, out error))
        {
            return false;
        }

        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                error = HeronResponses.MissingParameter(name);
                return false;
            }

            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = HeronResponses.BadParameter(name, $"'{text}' is not an integer");
            return false;
        }

        return true;
    }

    /// <summary>The last second of year 9999 (UTC): the latest <c>starttime</c> or <c>endtime</c> accepted.</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// A required time in unix seconds (<c>starttime</c>, <c>endtime</c>): 0 up to the end of year 9999.
    /// Anything else is no time a TManager holds, and passing it on let arithmetic on it overflow
    /// (the sandbox's TManager once sized a list by a far-future window).
    /// </summary>
    public static bool TryUnixSeconds(HttpContext context, string name, out long value, [NotNullWhen(false)] out IResult? error)
    {
        if (!TryInteger(context, name, required: true, fallback: 0, out value, out error))
        {
            return false;
        }

        if (value is < 0 or > MaxUnixSeconds)
        {
            error = HeronResponses.BadParameter(name, $"{value} is not a unix time in seconds from 0 to {MaxUnixSeconds} (the end of year 9999)");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads <c>cluster</c>, <c>environ</c>, <c>topology</c> (required) and <c>role</c> (optional)
    /// and finds the topology: 400 for a missing or repeated parameter, 404 when no topology matches.
    /// </summary>
    public static bool TryFindTopology(
        HttpContext context, TopologyRegistry registry, [NotNullWhen(true)] out TopologySnapshot? topology, [NotNullWhen(false)] out IResult? error)
    {
        topology = null;
        if (!TryRequired(context, "cluster", out var cluster, out error)
            || !TryRequired(context, "environ", out var environ, out error)
            || !TryRequired(context, "topology", out var name, out error)
            || !TryOptional(context, "role", out var role, out error))
        {
            return false;
        }

        role = string.IsNullOrEmpty(role) ? null : role;
        topology = registry.Find(cluster, environ, name, role);
        if (topology is null)
        {
            error = HeronResponses.TopologyNotFound(cluster, environ, name, role);
            return false;
        }

        return true;
    }
}
