using System.Text.Json;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// Heron config maps as JSON (contract §4.3): string values as strings (never coerced to numbers,
/// §7.4); Java-serialized primitives decoded; other serialized values either dropped (logical
/// plan) or kept as <c>{"value": "{}", "raw": "&lt;hex&gt;"}</c> (physical plan, <c>/config</c>).
/// </summary>
internal static class ConfigValues
{
    public static void Write(Utf8JsonWriter writer, Config? config, bool keepNonPrimitive)
    {
        writer.WriteStartObject();
        if (config is not null)
        {
            foreach (var kv in config.Kvs)
            {
                WriteEntry(writer, kv, keepNonPrimitive);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The plain string value of a config key, or null when absent or serialized.</summary>
    public static string? StringValue(Config? config, string key)
    {
        if (config is null)
        {
            return null;
        }

        foreach (var kv in config.Kvs)
        {
            if (kv.Key == key)
            {
                if (kv.HasValue && kv.Value.Length > 0)
                {
                    return kv.Value;
                }

                if (kv.HasSerializedValue && kv.Type == ConfigValueType.JavaSerializedValue
                    && JavaSerializedValue.TryReadPrimitive(kv.SerializedValue.Span, out var value) && value is string text)
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static void WriteEntry(Utf8JsonWriter writer, Config.Types.KeyValue kv, bool keepNonPrimitive)
    {
        if ((kv.HasValue && kv.Value.Length > 0) || !kv.HasSerializedValue)
        {
            writer.WriteString(kv.Key, kv.Value);
            return;
        }

        var bytes = kv.SerializedValue.Span;
        if (kv.Type == ConfigValueType.JavaSerializedValue && JavaSerializedValue.TryReadPrimitive(bytes, out var value))
        {
            switch (value)
            {
                case string text:
                    writer.WriteString(kv.Key, text);
                    return;
                case long number:
                    writer.WriteNumber(kv.Key, number);
                    return;
                case double real when double.IsFinite(real):
                    writer.WriteNumber(kv.Key, real);
                    return;
                case double real:
                    writer.WriteString(kv.Key, real.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return;
                case bool flag:
                    writer.WriteBoolean(kv.Key, flag);
                    return;
            }
        }

        if (!keepNonPrimitive)
        {
            return;
        }

        writer.WriteStartObject(kv.Key);
        writer.WriteString("value", "{}");
        writer.WriteString("raw", Convert.ToHexStringLower(bytes));
        writer.WriteEndObject();
    }
}
