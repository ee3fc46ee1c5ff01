using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Tracker.Jobs.Tracking;

/// <summary>What an Oozie job id names: a workflow (<c>-W</c>), a coordinator (<c>-C</c>) or a bundle (<c>-B</c>).</summary>
internal enum OozieJobKind
{
    Workflow,
    Coordinator,
    Bundle,
}

/// <summary>
/// An Oozie job id such as <c>0030161-180716060648641-oozie-W</c>: a sequence number, the server's start
/// time stamp, the system id (<c>oozie.system.id</c>, which may itself contain dashes) and the job type.
/// </summary>
internal static partial class OozieJobId
{
    private const int MaxLength = 128;

    public static bool TryParse(string? text, [NotNullWhen(true)] out string? id, out OozieJobKind kind)
    {
        id = null;
        kind = OozieJobKind.Workflow;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Pattern().IsMatch(text))
        {
            return false;
        }

        kind = text[^1] switch
        {
            'C' => OozieJobKind.Coordinator,
            'B' => OozieJobKind.Bundle,
            _ => OozieJobKind.Workflow,
        };
        id = text;
        return true;
    }

    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    [GeneratedRegex(@"^[0-9]{1,20}-[0-9]{6,20}-[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*-[WCB]\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
