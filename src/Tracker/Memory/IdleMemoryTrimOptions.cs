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

    /// <summary>
    /// Committed memory beyond the heap below which a trim is not worth a full collection, and how
    /// much must have been allocated since the last trim. Default 8 MiB.
    /// </summary>
    public long MinimumSpareBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The shortest time between two trims. Default 1 minute.</summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromMinutes(1);
}

internal static class IdleMemoryTrimRegistration
{
    public static IServiceCollection AddIdleMemoryTrim(this IServiceCollection services)
    {
        services.AddOptions<IdleMemoryTrimOptions>().BindConfiguration(IdleMemoryTrimOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<IdleMemoryTrim>();
        return services;
    }
}
