using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Apis;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Callbacks;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Retention;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;
using Tracker.Jobs.Tracking;
using Tracker.Jobs.Watches;

namespace Tracker.Jobs;

/// <summary>The Hadoop job tracker's entry points for the host: services and the <c>/api</c> routes.</summary>
public static class JobsModule
{
    public static IHostApplicationBuilder AddTrackerJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataDirectory = Path.GetFullPath(configuration["Tracker:DataDirectory"] is { Length: > 0 } d ? d : "./data");
        var jobsDirectory = Path.Combine(dataDirectory, "jobs");
        Directory.CreateDirectory(jobsDirectory);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<JobsMetrics>();
        services.AddSingleton<IHadoopCallObserver>(sp => sp.GetRequiredService<JobsMetrics>());
        services.AddKnoxGateway(GatewayOptions.Section);
        // Every setting is checked as the host starts: a mistake ends start-up with one line and exit code 2
        // instead of surfacing later in a background service (which used to log a Critical and exit 0).
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero && o.BatchSize > 0, "Jobs:Tracking: PollInterval, LeaseDuration and BatchSize must be positive.")
            .ValidateOnStart();
        services.AddOptions<LogCopyOptions>().BindConfiguration(LogCopyOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.LogRoot.StartsWith('/'), "Jobs:LogCopy: MaxAttempts must be at least 1 and LogRoot an absolute path.")
            .Validate(o => o.HasValidPermission,
                "Jobs:LogCopy:Permission must be three octal digits giving the owner read and write (600, 640, 644, ...).")
            .ValidateOnStart();
        services.AddOptions<AuthenticationOptions>().BindConfiguration(AuthenticationOptions.Section)
            .Validate(o => o.VerificationCacheDuration >= TimeSpan.Zero, "Jobs:Authentication:VerificationCacheDuration must not be negative.")
            .ValidateOnStart();
        services.AddOptions<VaultOptions>().BindConfiguration(VaultOptions.Section)
            .Validate(o => o.TimeToLive > TimeSpan.Zero, "Jobs:Vault:TimeToLive must be positive.")
            .ValidateOnStart();
        services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero && o.PageSize > 0 && o.BatchSize > 0,
                "Jobs:Watches: Interval, LeaseDuration, PageSize and BatchSize must be positive.")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.IsValid, "Jobs:Retention: MaxAge (when set), BatchSize, Interval and LeaseDuration must be positive.")
            .ValidateOnStart();
        services.AddSingleton(ReadAdmins(configuration));

        // The key ring lives next to the data it protects unless configured elsewhere; without it stored
        // credentials cannot be read back.
        var vault = configuration.GetSection(VaultOptions.Section).Get<VaultOptions>() ?? new VaultOptions();
        var keyRing = vault.KeyRingDirectory is { Length: > 0 } k ? Path.GetFullPath(k) : Path.Combine(jobsDirectory, "keys");
        KeyRing.Configure(services.AddDataProtection(), keyRing, vault);

        // Before the worker: the store's migration runs as the host starts, ahead of every hosted service.
        services.AddJobStore(configuration, jobsDirectory);

        services.AddSingleton<CredentialVault>();
        services.AddKnoxAuthentication();
        services.AddExceptionHandler<JobsApiExceptionHandler>();
        services.AddSingleton<ApplicationDiscovery>();
        services.AddSingleton<CopyWorkflowLauncher>();
        services.AddSingleton<JobRefresh>();
        services.AddSingleton<ChildJobExpansion>();
        services.AddSingleton<CopyStateMachine>();
        services.AddSingleton<JobCopies>();
        services.AddSingleton<LogDirectoryCleanup>();
        services.AddSingleton<JobProcessor>();
        services.AddSingleton<TrackingSignal>();
        services.AddSingleton<JobService>();
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.Section)
            .Validate(o => o.IsValid, "Jobs:PublicUrl must be an absolute http or https URL.").ValidateOnStart();
        services.AddSingleton<CallbackTokens>();
        services.AddSingleton<OozieNotifications>();
        services.AddHostedService<TrackingWorker>();
        services.AddSingleton<WatchService>();
        services.AddHostedService<WatchDiscoveryWorker>();
        services.AddHostedService<RetentionSweeper>();
        services.AddSingleton<KnoxGatewayHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<JobStoreHealthCheck>("jobs-store")
            .AddCheck<KnoxGatewayHealthCheck>(KnoxGatewayHealthCheck.Name);
        return builder;
    }

    /// <summary>
    /// The <c>/api</c> routes, and the answers in their format for what no route writes (404, 405, 500). The
    /// middleware order is set here rather than left to the host's defaults, which would run authentication before
    /// any of it: the error map must see what the Knox scheme throws.
    /// </summary>
    public static WebApplication MapJobsApi(this WebApplication app)
    {
        app.UseJobsApiExceptionHandler();
        app.UseJobsApiErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        JobsApi.MapJobsRoutes(app);
        return app;
    }

    private static AdminOptions ReadAdmins(IConfiguration configuration)
    {
        var admins = new AdminOptions();
        var section = configuration.GetSection("Tracker:Admins");
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        foreach (var name in values.Select(v => v.Trim()).Where(v => v.Length > 0))
        {
            admins.Users.Add(name);
        }

        return admins;
    }
}
