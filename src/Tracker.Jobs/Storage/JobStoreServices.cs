using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>Chooses the store's database from <c>Jobs:Store</c> and registers the store and its migration.</summary>
internal static class JobStoreServices
{
    /// <summary>Call before registering anything that must start after the schema is current (the tracking worker).</summary>
    public static IServiceCollection AddJobStore(this IServiceCollection services, IConfiguration configuration, string jobsDirectory)
    {
        // Chosen here rather than in a factory so a configuration mistake stops start-up before the host is built.
        var dialect = CreateDialect(configuration, jobsDirectory);
        services.AddSingleton(dialect);
        // Registered through a factory so the container disposes the store, and with it the dialect's connection pool.
        services.AddSingleton<IJobStore>(_ => new JobStore(dialect));
        services.AddSingleton<Watches.IWatchStore>(sp => (JobStore)sp.GetRequiredService<IJobStore>());
        services.AddSingleton(sp => (IRetentionStore)sp.GetRequiredService<IJobStore>());
        services.AddSingleton<IWebhookStore>(sp => (JobStore)sp.GetRequiredService<IJobStore>());
        services.AddSingleton<ICallbackStore>(sp => (JobStore)sp.GetRequiredService<IJobStore>());
        services.AddHostedService<JobStoreMigration>();
        return services;
    }

    private static SqlDialect CreateDialect(IConfiguration configuration, string jobsDirectory)
    {
        var options = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "" or "sqlite":
                return new SqliteDialect(Path.Combine(jobsDirectory, "jobs.db"));
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw StoreMistake("Jobs:Store:Provider is 'postgres' but Jobs:Store:ConnectionString is not set; give the Npgsql connection string of the shared database.");
                }

                return new PostgresDialect(options.ConnectionString);
            default:
                throw StoreMistake($"Jobs:Store:Provider '{options.Provider}' is not supported; use 'sqlite' or 'postgres'.");
        }
    }

    // The host reports options failures as configuration mistakes (one line, exit code 2).
    private static OptionsValidationException StoreMistake(string message) => new(StoreOptions.Section, typeof(StoreOptions), [message]);
}
