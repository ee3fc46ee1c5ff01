using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tracker.Memory;

/// <summary>Settings under <c>Tracker:IdleMemoryTrim</c>.</summary>
internal sealed class IdleMemoryTrimOptions
{
    public const string Section = "Tracker:IdleMemoryTrim";

    /// <summary>
    /// How often the GC is sampled; an interval that allocated less than 1 MiB counts as quiet, so a
    /// trim follows within two intervals of going quiet. Default 5 s; zero turns trimming off.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much must have been allocated since the last trim (or start) for a trim to be worth a full collection. Default 8 MiB.</summary>
    public long MinimumAllocatedBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// The shortest time between two trims. Default 15 s: a trim is one full blocking collection of
    /// a heap of tens of MiB (milliseconds), so even at this rate it costs well under 1 % of a core,
    /// while two bursts a few seconds apart each get their memory back.
    /// </summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromSeconds(15);
}

internal static class IdleMemoryTrimRegistration
{
    public static IServiceCollection AddIdleMemoryTrim(this IServiceCollection services)
    {
        services.AddOptions<IdleMemoryTrimOptions>().BindConfiguration(IdleMemoryTrimOptions.Section)
            .Validate(o => o.CheckInterval >= TimeSpan.Zero && o.MinimumAllocatedBytes >= 0 && o.MinimumGap >= TimeSpan.Zero, $"{IdleMemoryTrimOptions.Section}: CheckInterval, MinimumAllocatedBytes and MinimumGap must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<IdleMemoryTrim>();
        return services;
    }
}
