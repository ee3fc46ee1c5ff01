using System.Text.Json;

namespace Tracker.Heron.Tests.Apis;

/// <summary>
/// Compares an answer with a contract example by shape: the same keys (for records), the same
/// JSON types, arrays whose items look like the example's first item. Paths listed as maps
/// (<c>$.stmgrs</c>, with <c>*</c> for any key) have free keys whose values each match the
/// example's first value; paths listed as free are only checked to exist.
/// </summary>
internal static class JsonShape
{
    public static void AssertMatches(string example, JsonElement actual, string[]? maps = null, string[]? free = null)
    {
        using var document = JsonDocument.Parse(example);
        var failures = new List<string>();
        Compare(document.RootElement, actual, "$", maps ?? [], free ?? [], failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\nactual: " + actual);
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, string[] maps, string[] free, List<string> failures)
    {
        if (free.Contains(path))
        {
            return;
        }

        if (Kind(expected) != Kind(actual))
        {
            failures.Add($"{path}: expected {Kind(expected)}, got {Kind(actual)} ({actual})");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Array:
                if (expected.GetArrayLength() > 0)
                {
                    foreach (var item in actual.EnumerateArray())
                    {
                        Compare(expected[0], item, path + "[]", maps, free, failures);
                    }
                }

                break;
            case JsonValueKind.Object when maps.Contains(path):
                var sample = expected.EnumerateObject().FirstOrDefault();
                if (sample.Value.ValueKind != JsonValueKind.Undefined)
                {
                    foreach (var property in actual.EnumerateObject())
                    {
                        Compare(sample.Value, property.Value, path + ".*", maps, free, failures);
                    }
                }

                break;
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    failures.Add($"{path}: keys [{string.Join(", ", actualKeys)}] differ from [{string.Join(", ", expectedKeys)}]");
                    return;
                }

                foreach (var property in expected.EnumerateObject())
                {
                    Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}", maps, free, failures);
                }

                break;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString(),
    };
}
