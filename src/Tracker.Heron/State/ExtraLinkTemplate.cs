using System.Text.RegularExpressions;

namespace Tracker.Heron.State;

/// <summary>Heron's <c>${VAR}</c> link templates (<c>extra.links</c>), rendered per topology into <c>url</c>.</summary>
internal static partial class ExtraLinkTemplate
{
    private static readonly HashSet<string> Variables = ["CLUSTER", "ENVIRON", "TOPOLOGY", "ROLE", "USER"];

    public static bool IsValid(string formatter)
        => Variable().Matches(formatter).All(m => Variables.Contains(m.Groups[1].Value));

    public static string Render(string formatter, string cluster, string environ, string topology, string role, string user)
        => Variable().Replace(formatter, m => m.Groups[1].Value switch
        {
            "CLUSTER" => cluster,
            "ENVIRON" => environ,
            "TOPOLOGY" => topology,
            "ROLE" => role,
            "USER" => user,
            _ => m.Value,
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
