using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// A bare Kestrel app on 127.0.0.1 with a free port, for the emulated Heron processes: nothing of
/// the tracker's own hosting (configuration files, environment variables) leaks into them.
/// </summary>
internal static class LoopbackWebApp
{
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<ILoggerFactory>(new EmulatorLoggerFactory(loggers));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        return builder;
    }

    /// <summary>The port Kestrel picked; only valid once the app has started.</summary>
    public static int PortOf(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("The emulator is not listening.");
        return new Uri(addresses.Addresses.First()).Port;
    }
}
