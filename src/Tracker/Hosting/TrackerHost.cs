using Tracker.Health;
using Tracker.Heron;
using Tracker.Hosting.OpenApi;
using Tracker.Jobs;
using Tracker.Memory;
using Tracker.Sandbox;
using Tracker.Telemetry;
using Tracker.Web;

namespace Tracker.Hosting;

/// <summary>Builds and starts Tracker: configuration, logging, the two services, health and OpenAPI.</summary>
public static class TrackerHost
{
    public static async Task<TrackerApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var commandLine = CommandLine.Parse(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = commandLine.ConfigurationArgs,
            // appsettings.json travels with the build output, so `dotnet run --project` finds it from any directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        // TRACKER_ variables come after the defaults and the command line still wins over them.
        builder.Configuration.AddEnvironmentVariables("TRACKER_");
        builder.Configuration.AddCommandLine(commandLine.ConfigurationArgs);
        HeronCommandLine.Apply(builder.Configuration, commandLine.ConfigurationArgs);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(TrackerOptions.DefaultUrl);
        }

        var logFormat = TrackerLogging.FormatterName(builder.Configuration, commandLine.Sandbox);
        TrackerLogging.Configure(builder.Logging, logFormat);
        var dataDirectory = TrackerOptions.ResolveDataDirectory(builder.Configuration);
        Directory.CreateDirectory(dataDirectory);
        builder.Configuration[$"{TrackerOptions.Section}:{nameof(TrackerOptions.DataDirectory)}"] = dataDirectory;
        builder.Services.AddOptions<TrackerOptions>().BindConfiguration(TrackerOptions.Section).ValidateOnStart();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddIdleMemoryTrim();

        var sandbox = new List<IAsyncDisposable>();
        try
        {
            if (commandLine.Sandbox)
            {
                sandbox.AddRange(await SandboxMode.StartAsync(builder.Configuration, dataDirectory, logFormat, cancellationToken));
            }

            builder.Services.AddTrackerOpenApi();
            builder.Services.AddHealthChecks();
            builder.AddTrackerJobs();
            builder.AddHeronTracker();
            builder.AddTrackerTelemetry();

            var app = builder.Build();
            app.MapTrackerHealth();
            app.MapTrackerTelemetry();
            app.MapTrackerOpenApi();
            app.MapJobsApi();
            app.MapHeronApi();
            app.MapTrackerWeb();

            await app.StartAsync(cancellationToken);
            return new TrackerApp(app, sandbox);
        }
        catch
        {
            foreach (var part in sandbox)
            {
                await part.DisposeAsync();
            }

            throw;
        }
    }
}
