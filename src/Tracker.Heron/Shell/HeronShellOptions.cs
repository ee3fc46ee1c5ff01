namespace Tracker.Heron.Shell;

/// <summary>Settings under <c>Heron:Shell</c> for calls to the heron-shells of a topology's containers.</summary>
public sealed class HeronShellOptions
{
    public const string Section = "Heron:Shell";

    /// <summary>Timeout of pid, jstack, histo and file calls. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of <c>jmap</c>, which dumps a whole heap and can take minutes. Default 120 s (the Tornado tracker's shell timeout).</summary>
    public TimeSpan JmapTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The largest <c>length</c> a container file-data request may ask for, in bytes. Default 1 MiB.</summary>
    public long MaxChunkBytes { get; set; } = 1024 * 1024;
}
