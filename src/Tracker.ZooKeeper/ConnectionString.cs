using System.Net;

namespace Tracker.ZooKeeper;

/// <summary>A parsed connection string: <c>host:port,host:port/chroot</c> (port 2181 when left out).</summary>
public sealed record ConnectionString(IReadOnlyList<DnsEndPoint> Servers, string? Chroot)
{
    public const int DefaultPort = 2181;

    public static ConnectionString Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        string? chroot = null;
        var slash = value.IndexOf('/');
        var hosts = value;
        if (slash >= 0)
        {
            chroot = value[slash..];
            hosts = value[..slash];
            ZooKeeperPath.Validate(chroot);
            if (chroot == "/")
            {
                chroot = null;
            }
        }

        var servers = new List<DnsEndPoint>();
        foreach (var part in hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            servers.Add(ParseServer(part, value));
        }

        if (servers.Count == 0)
        {
            throw new FormatException($"The ZooKeeper connection string '{value}' names no server.");
        }

        return new ConnectionString(servers, chroot);
    }

    private static DnsEndPoint ParseServer(string part, string whole)
    {
        string host;
        string? port = null;
        if (part.StartsWith('['))
        {
            // [IPv6]:port
            var close = part.IndexOf(']');
            if (close < 0)
            {
                throw new FormatException($"Unclosed '[' in the ZooKeeper connection string '{whole}'.");
            }

            host = part[1..close];
            if (close + 1 < part.Length)
            {
                if (part[close + 1] != ':')
                {
                    throw new FormatException($"Expected ':' after ']' in the ZooKeeper connection string '{whole}'.");
                }

                port = part[(close + 2)..];
            }
        }
        else
        {
            var colon = part.LastIndexOf(':');
            host = colon < 0 ? part : part[..colon];
            port = colon < 0 ? null : part[(colon + 1)..];
        }

        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, out number) || number is < 1 or > 65535))
        {
            throw new FormatException($"Bad port '{port}' in the ZooKeeper connection string '{whole}'.");
        }

        if (host.Length == 0)
        {
            throw new FormatException($"Empty host in the ZooKeeper connection string '{whole}'.");
        }

        return new DnsEndPoint(host, number);
    }

    /// <summary>The server-side path of a client path.</summary>
    internal string ToServerPath(string path)
        => Chroot is null ? path : path == "/" ? Chroot : Chroot + path;

    /// <summary>The client path of a server-side path (for watch events and created names).</summary>
    internal string ToClientPath(string serverPath)
    {
        if (Chroot is null)
        {
            return serverPath;
        }

        if (serverPath == Chroot)
        {
            return "/";
        }

        return serverPath.StartsWith(Chroot + "/", StringComparison.Ordinal) ? serverPath[Chroot.Length..] : serverPath;
    }
}
