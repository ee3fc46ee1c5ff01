using System.Security.Cryptography;
using System.Text;

namespace Tracker.ZooKeeper;

/// <summary>ZooKeeper's permission bits (ZooDefs.Perms).</summary>
[Flags]
public enum Permissions
{
    None = 0,
    Read = 1,
    Write = 2,
    Create = 4,
    Delete = 8,
    Admin = 16,
    All = Read | Write | Create | Delete | Admin,
}

/// <summary>One ACL entry: permissions granted to an identity (<c>scheme:id</c>).</summary>
public sealed record ZooKeeperAcl(Permissions Permissions, string Scheme, string Id)
{
    /// <summary><c>world:anyone</c> with every permission: the default for znodes this client creates.</summary>
    public static IReadOnlyList<ZooKeeperAcl> OpenUnsafe { get; } = [new(Permissions.All, "world", "anyone")];

    /// <summary><c>world:anyone</c> may read, nobody may change.</summary>
    public static IReadOnlyList<ZooKeeperAcl> ReadUnsafe { get; } = [new(Permissions.Read, "world", "anyone")];

    /// <summary>Every permission for the identities this session authenticated as (<c>auth:</c>).</summary>
    public static IReadOnlyList<ZooKeeperAcl> CreatorAll { get; } = [new(Permissions.All, "auth", string.Empty)];

    /// <summary>
    /// A <c>digest</c> entry for <paramref name="user"/>: the id is <c>user:base64(sha1(user:password))</c>, the
    /// form the server derives from <c>addauth digest user:password</c>.
    /// </summary>
    public static ZooKeeperAcl Digest(string user, string password, Permissions permissions = Permissions.All)
        => new(permissions, "digest", DigestId(user, password));

    internal static string DigestId(string user, string password)
        => user + ":" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(user + ":" + password)));
}

/// <summary>Credentials for ZooKeeper's <c>digest</c> scheme, sent with every connection (<c>addauth digest user:password</c>).</summary>
public sealed record DigestCredentials(string User, string Password)
{
    // Records print every property; a password must never reach a log.
    public override string ToString() => $"DigestCredentials {{ User = {User} }}";
}
