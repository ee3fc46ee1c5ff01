using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Knox;
using Tracker.Sandbox.Hadoop.Oozie;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop;

/// <summary>
/// An emulated Knox gateway with topology <c>sandbox</c> in front of Oozie, WebHDFS and the YARN
/// ResourceManager, served by an in-process Kestrel on 127.0.0.1. Jobs live in memory (a restart forgets
/// them and creates new demo jobs); HDFS files live under <see cref="HadoopSandboxOptions.DataDirectory"/>.
/// </summary>
public sealed class HadoopSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OozieServer _oozie;
    private readonly KnoxGatewayEmulator _knox;

    private HadoopSandbox(WebApplication app, OozieServer oozie, KnoxGatewayEmulator knox, Uri baseUrl, IReadOnlyList<DemoWorkflowJob> demoJobs)
    {
        this._app = app;
        this._oozie = oozie;
        this._knox = knox;
        BaseUrl = baseUrl;
        GatewayUrl = new Uri(baseUrl, $"gateway/{SandboxDefaults.KnoxTopology}/");
        DemoJobs = demoJobs;
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:8890/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The topology's base, e.g. <c>http://127.0.0.1:8890/gateway/sandbox/</c>: services hang off it.</summary>
    public Uri GatewayUrl { get; }

    public IReadOnlyList<DemoWorkflowJob> DemoJobs { get; }

    public static async Task<HadoopSandbox> StartAsync(
        HadoopSandboxOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        var logger = loggerFactory.CreateLogger("Tracker.Sandbox.Hadoop");
        var hdfs = new HdfsFileTree(Path.Combine(options.DataDirectory, "hdfs"), options.Users.Keys);
        var yarn = new YarnCluster(timeProvider, options.Admins);
        var oozie = new OozieServer(hdfs, yarn, timeProvider, logger);
        var knox = new KnoxGatewayEmulator(options.Users, timeProvider);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.Services.AddRouting();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);

            // HDFS takes files of any size; Kestrel's 30 MB default would refuse a large CREATE.
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();

        var gateway = app.MapGroup($"/gateway/{SandboxDefaults.KnoxTopology}");
        gateway.AddEndpointFilter(async (context, next) =>
        {
            // Knox authenticates before routing to the service; chaos, when on, strikes before either.
            var http = context.HttpContext;
            if (!await options.KnoxFaults.PassAsync(http, timeProvider))
            {
                return Results.Empty;
            }

            var passed = false;
            await knox.InvokeAsync(http, _ =>
            {
                passed = true;
                return Task.CompletedTask;
            });
            return passed ? await next(context) : Results.Empty;
        });
        knox.Map(gateway);
        new OozieEmulator(oozie).Map(gateway);
        new WebHdfsEmulator(hdfs, $"/gateway/{SandboxDefaults.KnoxTopology}").Map(gateway);
        new ResourceManagerEmulator(yarn).Map(gateway);

        var demoJobs = options.CreateDemoJobs ? DemoContent.Create(oozie, hdfs, options.Users.Keys, timeProvider.GetUtcNow()) : [];
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // A port already taken must not leave a half-built host behind.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var sandbox = new HadoopSandbox(app, oozie, knox, new Uri(address.TrimEnd('/') + "/"), demoJobs);
        return sandbox;
    }

    /// <summary>A password change in the directory behind Knox: the old password is refused from now on.</summary>
    public void ChangePassword(string user, string newPassword) => _knox.ChangePassword(user, newPassword);

    public async ValueTask DisposeAsync()
    {
        foreach (var job in _oozie.All())
        {
            await job.Cancellation.CancelAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
