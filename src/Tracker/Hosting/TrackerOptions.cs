namespace Tracker.Hosting;

/// <summary>Settings under <c>Tracker:</c> that every part of the service shares.</summary>
public sealed class TrackerOptions
{
    public const string Section = "Tracker";

    /// <summary>Where everything the service keeps lives; relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The address Kestrel listens on when neither <c>--urls</c> nor <c>urls</c> is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8888";

    public static string ResolveDataDirectory(IConfiguration configuration)
    {
        var configured = configuration[$"{Section}:{nameof(DataDirectory)}"];
        var path = string.IsNullOrWhiteSpace(configured) ? "./data" : configured;
        return Path.GetFullPath(path, Environment.CurrentDirectory);
    }
}
