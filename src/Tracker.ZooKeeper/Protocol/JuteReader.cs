using System.Buffers.Binary;
using System.Text;

namespace Tracker.ZooKeeper.Protocol;

/// <summary>Reads jute records from one received frame; running past its end is a protocol error.</summary>
internal ref struct JuteReader(ReadOnlySpan<byte> bytes)
{
    private ReadOnlySpan<byte> _rest = bytes;

    public readonly int Remaining => _rest.Length;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>A buffer; the server sends -1 for a znode created without data, read here as empty.</summary>
    public byte[] ReadBuffer()
    {
        var length = ReadInt();
        return length <= 0 ? [] : Take(length).ToArray();
    }

    public string ReadString()
    {
        var length = ReadInt();
        return length <= 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }

    public List<string> ReadStringVector()
    {
        var count = ReadInt();
        var values = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            values.Add(ReadString());
        }

        return values;
    }

    public ZNodeStat ReadStat() => new(
        Czxid: ReadLong(),
        Mzxid: ReadLong(),
        Ctime: ReadLong(),
        Mtime: ReadLong(),
        Version: ReadInt(),
        Cversion: ReadInt(),
        Aversion: ReadInt(),
        EphemeralOwner: ReadLong(),
        DataLength: ReadInt(),
        NumChildren: ReadInt(),
        Pzxid: ReadLong());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw new ZooKeeperProtocolException($"A reply ended {count - _rest.Length} bytes early.");
        }

        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
