using Microsoft.Extensions.Options;

namespace Tracker.Hosting;

/// <summary>
/// Tells a configuration mistake (a setting that fails its validation or does not convert to its type) from a
/// failure of Tracker's own, so start-up can end with one line naming the setting and exit code 2 instead of
/// a stack trace.
/// </summary>
public static class ConfigurationMistake
{
    public const int ExitCode = 2;

    /// <summary>What the operator must fix, or null when <paramref name="failure"/> is not a configuration mistake.</summary>
    public static string? Describe(Exception failure) => failure switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException { InnerExceptions.Count: > 0 } many when many.InnerExceptions.All(e => Describe(e) is not null)
            => string.Join(" ", many.InnerExceptions.Select(e => Describe(e))),
        // The configuration binder's words for a value that is not of the setting's type ("abc" for a TimeSpan).
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => failure.InnerException is { } inner ? $"{message} {inner.Message}" : message,
        _ => null,
    };
}
