namespace Tracker.Hosting;

/// <summary>
/// Turns Tracker's command line into configuration. Bare flags such as <c>--sandbox</c> are not
/// understood by the configuration command-line provider (it expects a value after every key),
/// so they are translated here before the host sees them.
/// </summary>
public static class CommandLine
{
    public sealed record Parsed(string[] ConfigurationArgs, bool Sandbox);

    public static Parsed Parse(IEnumerable<string> args)
    {
        var rest = new List<string>();
        var sandbox = false;
        foreach (var arg in args)
        {
            if (arg is "--sandbox" or "--sandbox=true")
            {
                sandbox = true;
                continue;
            }

            if (arg is "--sandbox=false")
            {
                continue;
            }

            rest.Add(arg);
        }

        return new Parsed(rest.ToArray(), sandbox);
    }
}
