using System.Text.Json;
using Xunit.Sdk;

namespace Tracker.Heron.Tests.Apis;

/// <summary>The shape comparison the golden tests rely on does catch differences.</summary>
public sealed class JsonShapeTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("""{"a":1,"b":"x"}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """{"a":"1"}""")]
    [InlineData("""{"a":[{"k":1}]}""", """{"a":[{"j":1}]}""")]
    [InlineData("""{"a":{"x":{"k":true}}}""", """{"a":{"y":{"k":1}}}""")]
    public void Differences_fail(string example, string actual)
        => Assert.ThrowsAny<XunitException>(() => JsonShape.AssertMatches(example, Parse(actual), ["$.a"]));

    [Fact]
    public void Maps_accept_any_keys_with_matching_values()
        => JsonShape.AssertMatches("""{"a":{"x":{"k":true}}}""", Parse("""{"a":{"y":{"k":false},"z":{"k":true}}}"""), ["$.a"]);
}
