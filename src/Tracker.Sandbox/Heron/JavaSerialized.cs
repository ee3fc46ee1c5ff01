using System.Buffers.Binary;
using System.Text;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// The Java object serialization stream bytes a Heron Java topology stores for non-string config
/// values (<c>ObjectOutputStream</c> of a boxed primitive or a collection), for the demo state.
/// </summary>
internal static class JavaSerialized
{
    private const long IntegerSerialVersionUid = 1360826667806852920L;
    private const long NumberSerialVersionUid = -8742448824652078965L;
    private const long HashMapSerialVersionUid = 362498820763181265L;

    public static byte[] Integer(int value)
    {
        var bytes = new List<byte> { 0xAC, 0xED, 0x00, 0x05, 0x73 };
        ClassDescriptor(bytes, "java.lang.Integer", IntegerSerialVersionUid, [('I', "value")]);
        ClassDescriptor(bytes, "java.lang.Number", NumberSerialVersionUid, []);
        bytes.Add(0x70); // no further superclass
        var field = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(field, value);
        bytes.AddRange(field);
        return [.. bytes];
    }

    public static byte[] EmptyHashMap()
    {
        var bytes = new List<byte> { 0xAC, 0xED, 0x00, 0x05, 0x73 };
        ClassDescriptor(bytes, "java.util.HashMap", HashMapSerialVersionUid, [('F', "loadFactor"), ('I', "threshold")], flags: 0x03);
        bytes.Add(0x70);
        bytes.AddRange([0x3F, 0x40, 0x00, 0x00]); // loadFactor 0.75f
        bytes.AddRange([0x00, 0x00, 0x00, 0x00]); // threshold
        bytes.AddRange([0x77, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00]); // block data: capacity 16, size 0
        bytes.Add(0x78);
        return [.. bytes];
    }

    private static void ClassDescriptor(List<byte> bytes, string name, long serialVersionUid, (char Type, string Name)[] fields, byte flags = 0x02)
    {
        bytes.Add(0x72);
        Utf(bytes, name);
        var uid = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(uid, serialVersionUid);
        bytes.AddRange(uid);
        bytes.Add(flags);
        bytes.Add((byte)(fields.Length >> 8));
        bytes.Add((byte)fields.Length);
        foreach (var (type, fieldName) in fields)
        {
            bytes.Add((byte)type);
            Utf(bytes, fieldName);
        }

        bytes.Add(0x78); // end of class annotations
    }

    private static void Utf(List<byte> bytes, string text)
    {
        var utf = Encoding.UTF8.GetBytes(text);
        bytes.Add((byte)(utf.Length >> 8));
        bytes.Add((byte)utf.Length);
        bytes.AddRange(utf);
    }
}
