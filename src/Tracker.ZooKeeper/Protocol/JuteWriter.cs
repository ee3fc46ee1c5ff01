using System.Buffers.Binary;
using System.Text;

namespace Tracker.ZooKeeper.Protocol;

/// <summary>
/// Writes jute records: big-endian integers, strings and buffers as an int length (-1 for null)
/// followed by their bytes, vectors as an int count followed by their elements.
/// </summary>
internal sealed class JuteWriter
{
    private byte[] _buffer;
    private int _frameStart = -1;

    public JuteWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void Reset() => Length = 0;

    /// <summary>Reserves the 4-byte length prefix of a frame; <see cref="EndFrame"/> fills it in.</summary>
    public void BeginFrame()
    {
        _frameStart = Length;
        WriteInt(0);
    }

    public void EndFrame()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart), Length - _frameStart - 4);
        _frameStart = -1;
    }

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);

    public void WriteBool(bool value) => Grow(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    public void WriteBuffer(ReadOnlySpan<byte> bytes)
    {
        WriteInt(bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteNullBuffer() => WriteInt(-1);

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, Grow(count));
    }

    public void WriteStringVector(IReadOnlyCollection<string> values)
    {
        WriteInt(values.Count);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    private Span<byte> Grow(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
