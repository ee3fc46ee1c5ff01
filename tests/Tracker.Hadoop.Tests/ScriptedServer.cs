using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;

namespace Tracker.Hadoop.Tests;

/// <summary>
/// A fake gateway on 127.0.0.1:0 whose every answer the test scripts: the handler sees each request and
/// its attempt number. Requests are recorded so tests can hold the client's calls to the wire contract.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _attempts;

    private ScriptedServer(WebApplication app, Uri url)
    {
        this._app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedServer? server = null;
        app.Run(async context =>
        {
            var attempt = Interlocked.Increment(ref server!._attempts);
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            server.Requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType,
                body,
                context.Request.Host.ToString()));
            await handler(context, attempt);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedServer(app, new Uri(address));
        return server;
    }

    /// <summary>A server that answers every request with <paramref name="statusCode"/> and no body.</summary>
    public static Task<ScriptedServer> AnsweringAsync(int statusCode) => StartAsync((context, _) =>
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    });

    /// <summary>Clients configured against this server with the given options.</summary>
    public Clients CreateClients(Action<KnoxGatewayOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnoxGateway(o =>
        {
            o.Url = new Uri(Url, "gateway/sandbox");
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.MaxRetries = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        return new Clients(services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Clients(ServiceProvider provider) : IDisposable
    {
        public IOozieClient Oozie { get; } = provider.GetRequiredService<IOozieClient>();

        public IWebHdfsClient WebHdfs { get; } = provider.GetRequiredService<IWebHdfsClient>();

        public IResourceManagerClient ResourceManager { get; } = provider.GetRequiredService<IResourceManagerClient>();

        public void Dispose() => provider.Dispose();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string? ContentType, string Body, string Host);
