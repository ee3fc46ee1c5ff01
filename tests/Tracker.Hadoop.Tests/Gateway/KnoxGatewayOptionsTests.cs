using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.Tests.Gateway;

public sealed class KnoxGatewayOptionsTests
{
    [Fact]
    public void A_topology_puts_the_services_under_gateway_and_its_name()
    {
        var options = new KnoxGatewayOptions { Url = new Uri("https://knox.example.com/"), Topology = "bigdata" };

        Assert.Equal("https://knox.example.com/gateway/bigdata/", options.ServiceBase().AbsoluteUri);
    }

    [Fact]
    public void Without_a_topology_the_url_is_the_service_base()
    {
        var direct = new KnoxGatewayOptions { Url = new Uri("http://127.0.0.1:8890/gateway/sandbox") };
        var defaultTopology = new KnoxGatewayOptions { Url = new Uri("https://knox.example.com:8443") };

        Assert.Equal("http://127.0.0.1:8890/gateway/sandbox/", direct.ServiceBase().AbsoluteUri);
        Assert.Equal("https://knox.example.com:8443/", defaultTopology.ServiceBase().AbsoluteUri);
    }

    [Fact]
    public void A_custom_gateway_path_is_honoured()
    {
        var options = new KnoxGatewayOptions { Url = new Uri("https://knox.example.com/"), Topology = "t", GatewayPath = "/knox/" };

        Assert.Equal("https://knox.example.com/knox/t/", options.ServiceBase().AbsoluteUri);
    }

    [Fact]
    public void Binding_from_configuration_reads_the_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Jobs:Gateway:Url"] = "http://127.0.0.1:1/gateway/sandbox",
                ["Jobs:Gateway:RequestTimeout"] = "00:00:07",
                ["Jobs:Gateway:MaxRetries"] = "5",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddKnoxGateway("Jobs:Gateway");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KnoxGatewayOptions>>().Value;

        Assert.Equal("http://127.0.0.1:1/gateway/sandbox/", options.ServiceBase().AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.NotNull(provider.GetRequiredService<IOozieClient>());
    }
}
