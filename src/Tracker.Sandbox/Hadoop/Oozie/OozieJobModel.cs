namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// What every job of the emulated Oozie server (workflow, coordinator or bundle) carries from its submission
/// on: its id, application name and path, owner, configuration and creation time.
/// </summary>
internal abstract class OozieJobModel(string id, string appName, string appPath, string user, string conf, DateTimeOffset created)
{
    public string Id { get; } = id;

    public string AppName { get; } = appName;

    public string AppPath { get; } = appPath;

    public string User { get; } = user;

    // The emulated cluster has one group; Oozie reports the submitter's.
    public string Group => "users";

    public string Conf { get; } = conf;

    public DateTimeOffset CreatedTime { get; } = created;
}
