namespace Tracker.Hosting;

/// <summary>
/// Heron's own tracker flags (<c>--config-file</c>, <c>--type</c>, <c>--hostport</c>, <c>--rootpath</c>,
/// <c>--port</c>) mapped onto Tracker's configuration, so an existing Heron deployment can switch
/// without rewriting its configuration. Owned by the Heron part; see issue 5.
/// </summary>
public static class HeronCommandLine
{
    public static void Apply(ConfigurationManager configuration, IReadOnlyList<string> args)
    {
    }
}
