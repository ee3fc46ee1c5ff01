using System.Text;

namespace Tracker.Heron.Tests.Proto;

/// <summary>
/// Builds protobuf wire bytes by hand, field by field, from the contract's tables, so decoding them
/// with the generated classes proves our .proto files agree with Heron's on the wire.
/// </summary>
internal sealed class WireBytes
{
    private readonly List<byte> _bytes = [];

    public WireBytes Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public WireBytes String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public WireBytes Message(int field, WireBytes message) => Bytes(field, message.ToArray());

    public WireBytes Double(int field, double value)
    {
        Tag(field, 1);
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public WireBytes Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
