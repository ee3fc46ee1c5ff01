using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.State;

/// <summary>Rejects at startup what Heron's tracker rejects: unknown types, duplicate names, missing keys, bad host:port lists, bad link templates.</summary>
internal sealed partial class HeronOptionsValidator : IValidateOptions<HeronOptions>
{
    public ValidateOptionsResult Validate(string? name, HeronOptions options)
    {
        var failures = new List<string>();
        if (options.RenderedAnswerCacheBytes < 0)
        {
            failures.Add("Heron:RenderedAnswerCacheBytes must be 0 or more.");
        }

        if (options.ParsedPlanCacheBytes < 0)
        {
            failures.Add("Heron:ParsedPlanCacheBytes must be 0 or more.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.StateManagers.Count; i++)
        {
            var location = options.StateManagers[i];
            var prefix = $"Heron:StateManagers:{i}";
            if (string.IsNullOrWhiteSpace(location.Name))
            {
                failures.Add($"{prefix}:Name is required.");
            }
            else if (!names.Add(location.Name))
            {
                failures.Add($"State manager names must be unique; '{location.Name}' appears more than once.");
            }

            if (string.IsNullOrWhiteSpace(location.RootPath))
            {
                failures.Add($"{prefix}:RootPath is required.");
            }

            switch (location.Type.ToLowerInvariant())
            {
                case StateManagerOptions.File:
                    break;
                case StateManagerOptions.ZooKeeper:
                    if (string.IsNullOrWhiteSpace(location.HostPort))
                    {
                        failures.Add($"{prefix}:HostPort is required for a zookeeper state manager.");
                    }
                    else if (location.HostPort.Split(',').Any(p => !HostPort().IsMatch(p.Trim())))
                    {
                        failures.Add($"Hostport for {location.Name} must be of the format 'host:port'.");
                    }

                    if (location.RootPath.Length > 0 && !location.RootPath.StartsWith('/'))
                    {
                        failures.Add($"{prefix}:RootPath must be an absolute znode path such as /heron.");
                    }

                    break;
                default:
                    failures.Add($"{prefix}:Type must be 'file' or 'zookeeper', not '{location.Type}'.");
                    break;
            }
        }

        foreach (var link in options.ExtraLinks)
        {
            if (string.IsNullOrWhiteSpace(link.Name) || string.IsNullOrWhiteSpace(link.Formatter))
            {
                failures.Add("Every Heron extra link needs a Name and a Formatter.");
            }
            else if (!ExtraLinkTemplate.IsValid(link.Formatter))
            {
                failures.Add($"Invalid viz.url.format: '{link.Formatter}'");
            }
        }

        if (options.FilePollInterval <= TimeSpan.Zero)
        {
            failures.Add("Heron:FilePollInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[^:\s]+:\d{1,5}$")]
    private static partial Regex HostPort();
}
