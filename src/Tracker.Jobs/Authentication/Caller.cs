using Tracker.Hadoop;

namespace Tracker.Jobs.Authentication;

/// <summary>A request's verified identity: the user Knox accepted, the credentials to act with, and whether they administer Tracker.</summary>
internal sealed record Caller(string User, KnoxCredentials Credentials, bool IsAdmin)
{
    public bool MayRead(string owner) => IsAdmin || string.Equals(owner, User, StringComparison.Ordinal);
}
