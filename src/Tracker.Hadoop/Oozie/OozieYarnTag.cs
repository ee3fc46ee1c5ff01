using System.Security.Cryptography;
using System.Text;

namespace Tracker.Hadoop.Oozie;

/// <summary>
/// The tag Oozie's launcher puts on the YARN applications an action starts
/// (<c>oozie.child.mapreduce.job.tags</c>): <c>oozie-</c> followed by the first 64 hex digits of the
/// SHA-384 of the action id (<c>{jobId}@{actionName}</c>). Asking the ResourceManager for it finds an
/// action's applications without trusting <c>externalChildIDs</c>.
/// </summary>
public static class OozieYarnTag
{
    public static string For(string actionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(actionId);
        var digest = SHA384.HashData(Encoding.UTF8.GetBytes(actionId));
        return "oozie-" + Convert.ToHexStringLower(digest)[..64];
    }

    public static string For(string jobId, string actionName) => For($"{jobId}@{actionName}");
}
