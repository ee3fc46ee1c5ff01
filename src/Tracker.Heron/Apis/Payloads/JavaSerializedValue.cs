using System.Buffers.Binary;
using System.Text;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// Reads the one kind of Java serialization stream the tracker can show as JSON: a single
/// <c>String</c> or boxed primitive (what Heron's Java API stores for non-string config values).
/// Anything else is reported as not primitive; no object graph is ever materialised.
/// </summary>
internal static class JavaSerializedValue
{
    private const byte TcNull = 0x70;
    private const byte TcClassDesc = 0x72;
    private const byte TcObject = 0x73;
    private const byte TcString = 0x74;
    private const byte TcEndBlockData = 0x78;
    private const byte TcLongString = 0x7C;

    /// <summary>A decoded primitive: <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>.</summary>
    public static bool TryReadPrimitive(ReadOnlySpan<byte> bytes, out object? value)
    {
        value = null;
        try
        {
            var reader = new Reader(bytes);
            if (reader.U16() != 0xACED || reader.U16() != 5)
            {
                return false;
            }

            switch (reader.U8())
            {
                case TcString:
                    value = reader.Utf(reader.U16());
                    return reader.AtEnd;
                case TcLongString:
                    value = reader.Utf(checked((int)reader.I64()));
                    return reader.AtEnd;
                case TcObject:
                    return TryReadBoxed(ref reader, out value) && reader.AtEnd;
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool TryReadBoxed(ref Reader reader, out object? value)
    {
        value = null;
        if (reader.U8() != TcClassDesc)
        {
            return false;
        }

        var className = reader.Utf(reader.U16());
        reader.Skip(8 + 1); // serialVersionUID, flags
        var fields = reader.U16();
        var types = new List<char>(fields);
        for (var i = 0; i < fields; i++)
        {
            var type = (char)reader.U8();
            reader.Skip(reader.U16());
            if (type is 'L' or '[')
            {
                return false;
            }

            types.Add(type);
        }

        if (reader.U8() != TcEndBlockData)
        {
            return false;
        }

        // The boxed types' superclasses (Number, Object) carry no serialized fields.
        var super = reader.U8();
        if (super == TcClassDesc)
        {
            reader.Skip(reader.U16());
            reader.Skip(8 + 1);
            if (reader.U16() != 0 || reader.U8() != TcEndBlockData || reader.U8() != TcNull)
            {
                return false;
            }
        }
        else if (super != TcNull)
        {
            return false;
        }

        if (types.Count != 1)
        {
            return false;
        }

        value = (className, types[0]) switch
        {
            ("java.lang.Integer", 'I') => (long)reader.I32(),
            ("java.lang.Long", 'J') => reader.I64(),
            ("java.lang.Short", 'S') => (long)(short)reader.U16(),
            ("java.lang.Byte", 'B') => (long)(sbyte)reader.U8(),
            ("java.lang.Double", 'D') => BitConverter.Int64BitsToDouble(reader.I64()),
            ("java.lang.Float", 'F') => (double)BitConverter.Int32BitsToSingle(reader.I32()),
            ("java.lang.Boolean", 'Z') => reader.U8() != 0,
            ("java.lang.Character", 'C') => ((char)reader.U16()).ToString(),
            _ => null,
        };
        return value is not null;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public byte U8() => _bytes[_position++];

        public ushort U16()
        {
            var value = BinaryPrimitives.ReadUInt16BigEndian(_bytes.Slice(_position, 2));
            _position += 2;
            return value;
        }

        public int I32()
        {
            var value = BinaryPrimitives.ReadInt32BigEndian(_bytes.Slice(_position, 4));
            _position += 4;
            return value;
        }

        public long I64()
        {
            var value = BinaryPrimitives.ReadInt64BigEndian(_bytes.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public string Utf(int length)
        {
            // Java's modified UTF-8 equals UTF-8 for everything but NUL and supplementary characters.
            var value = Encoding.UTF8.GetString(_bytes.Slice(_position, length));
            _position += length;
            return value;
        }

        public void Skip(int count)
        {
            if (count < 0 || _position + count > _bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            _position += count;
        }
    }
}
