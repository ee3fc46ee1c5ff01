using System.Text.Json.Serialization;

namespace Tracker.Heron.Shell;

/// <summary>What heron-shell answers for <c>/pid</c>, <c>/jstack</c>, <c>/jmap</c> and <c>/histo</c>.</summary>
public sealed record ShellCommandOutput(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("stdout")] string Stdout,
    [property: JsonPropertyName("stderr")] string? Stderr);
