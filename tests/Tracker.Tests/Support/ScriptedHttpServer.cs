using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tracker.Tests.Support;

/// <summary>
/// An upstream stand-in on 127.0.0.1 with a free port that answers every request with <paramref name="respond"/>
/// and keeps what it was sent (a Knox gateway that says 503, an OTLP collector).
/// </summary>
internal sealed class ScriptedHttpServer(WebApplication app) : IAsyncDisposable
{
    private readonly List<(string Path, byte[] Body)> _received = [];

    public Uri Url
    {
        get
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address);
        }
    }

    public IReadOnlyList<(string Path, byte[] Body)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<ScriptedHttpServer> StartAsync(Func<HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedHttpServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (server._received)
            {
                server._received.Add((context.Request.Path.Value ?? "", body.ToArray()));
            }

            await respond(context);
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>A port nobody listens on (taken and let go at once), for an upstream that is down.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
