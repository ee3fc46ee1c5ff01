using Tracker.Heron.Apis.Payloads;

namespace Tracker.Heron.Tests.Apis.Payloads;

/// <summary>Java serialization streams of config values, as ObjectOutputStream writes them (bytes laid out by hand).</summary>
public sealed class JavaSerializedValueTests
{
    private static byte[] Boxed(string className, long uid, char type, byte[] value)
    {
        var bytes = new List<byte> { 0xAC, 0xED, 0x00, 0x05, 0x73, 0x72 };
        Utf(bytes, className);
        bytes.AddRange(BitConverter.GetBytes(uid).Reverse());
        bytes.AddRange([0x02, 0x00, 0x01, (byte)type]);
        Utf(bytes, "value");
        bytes.Add(0x78);
        if (className != "java.lang.Boolean" && className != "java.lang.Character")
        {
            bytes.Add(0x72);
            Utf(bytes, "java.lang.Number");
            bytes.AddRange(BitConverter.GetBytes(-8742448824652078965L).Reverse());
            bytes.AddRange([0x02, 0x00, 0x00, 0x78]);
        }

        bytes.Add(0x70);
        bytes.AddRange(value);
        return [.. bytes];
    }

    private static void Utf(List<byte> bytes, string text)
    {
        bytes.Add(0);
        bytes.Add((byte)text.Length);
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Boxed_primitives_and_strings_decode()
    {
        Assert.True(JavaSerializedValue.TryReadPrimitive(Boxed("java.lang.Integer", 1360826667806852920L, 'I', [0, 0, 0, 42]), out var integer));
        Assert.Equal(42L, integer);
        Assert.True(JavaSerializedValue.TryReadPrimitive(Boxed("java.lang.Long", 4290774380558885855L, 'J', [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]), out var negative));
        Assert.Equal(-2L, negative);
        Assert.True(JavaSerializedValue.TryReadPrimitive(Boxed("java.lang.Double", -9172774392245257468L, 'D', BitConverter.GetBytes(0.5).Reverse().ToArray()), out var real));
        Assert.Equal(0.5, real);
        Assert.True(JavaSerializedValue.TryReadPrimitive(Boxed("java.lang.Boolean", -3665804199014368530L, 'Z', [1]), out var flag));
        Assert.Equal(true, flag);
        Assert.True(JavaSerializedValue.TryReadPrimitive([0xAC, 0xED, 0x00, 0x05, 0x74, 0x00, 0x03, (byte)'a', (byte)'b', (byte)'c'], out var text));
        Assert.Equal("abc", text);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xAC, 0xED, 0x00, 0x05 })]
    [InlineData(new byte[] { 0x80, 0x03, 0x7D, 0x71 })] // a Python pickle
    [InlineData(new byte[] { 0xAC, 0xED, 0x00, 0x05, 0x74, 0x00, 0x09, (byte)'a' })] // truncated string
    public void Anything_else_is_not_a_primitive(byte[] bytes)
        => Assert.False(JavaSerializedValue.TryReadPrimitive(bytes, out _));

    [Fact]
    public void A_truncated_boxed_value_is_not_a_primitive()
    {
        var bytes = Boxed("java.lang.Integer", 1360826667806852920L, 'I', [0, 0, 0, 42]);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(JavaSerializedValue.TryReadPrimitive(bytes.AsSpan(0, length), out _));
        }
    }
}
