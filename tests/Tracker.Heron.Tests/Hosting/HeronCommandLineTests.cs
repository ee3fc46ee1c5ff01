using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tracker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Tracker.Heron.Tests.Hosting;

/// <summary>Heron's tracker flags and YAML config file map onto Tracker's configuration.</summary>
public sealed class HeronCommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));

    public HeronCommandLineTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HeronOptions Bind(ConfigurationManager configuration)
        => configuration.GetSection(HeronOptions.Section).Get<HeronOptions>() ?? new HeronOptions();

    [Fact]
    public void The_yaml_file_configures_state_managers_and_links_and_flags_override_the_first()
    {
        var file = Path.Combine(_directory, "heron_tracker.yaml");
        File.WriteAllText(file, """
            statemgrs:
              - type: "zookeeper"
                name: "prod"
                hostport: "zk-a:2181,zk-b:2181"
                rootpath: "/heron"
                tunnelhost: "bastion"
              - type: "file"
                name: "local"
                rootpath: "~/.herondata/repository/state/local"
            extra.links:
              - name: "Dashboards"
                formatter: "https://dash.example/${CLUSTER}/${ENVIRON}/${TOPOLOGY}"
            """);
        var configuration = new ConfigurationManager();

        HeronCommandLine.Apply(configuration, ["--config-file", file, "--rootpath=/other", "--port", "9999"]);

        var options = Bind(configuration);
        Assert.Equal(2, options.StateManagers.Count);
        Assert.Equal(("zookeeper", "prod", "zk-a:2181,zk-b:2181", "/other"),
            (options.StateManagers[0].Type, options.StateManagers[0].Name, options.StateManagers[0].HostPort, options.StateManagers[0].RootPath));
        Assert.Equal(("file", "local", "~/.herondata/repository/state/local"),
            (options.StateManagers[1].Type, options.StateManagers[1].Name, options.StateManagers[1].RootPath));
        Assert.Equal("Dashboards", options.ExtraLinks.Single().Name);
        Assert.Equal("http://127.0.0.1:9999", configuration["urls"]);
    }

    [Fact]
    public void Flags_alone_describe_one_state_manager_and_urls_win_over_port()
    {
        var configuration = new ConfigurationManager();
        configuration["urls"] = "http://127.0.0.1:0";

        HeronCommandLine.Apply(configuration, ["--type", "file", "--name", "local", "--rootpath", "/srv/state", "--port", "8888"]);

        var location = Bind(configuration).StateManagers.Single();
        Assert.Equal(("file", "local", "/srv/state"), (location.Type, location.Name, location.RootPath));
        Assert.Equal("http://127.0.0.1:0", configuration["urls"]);
    }

    [Fact]
    public void A_bad_port_is_rejected()
        => Assert.Throws<ArgumentException>(() => HeronCommandLine.Apply(new ConfigurationManager(), ["--port", "eighty"]));

    [Theory]
    [InlineData("--type", "etcd")]
    [InlineData("--hostport", "zk-without-port")]
    public async Task Invalid_state_manager_configuration_stops_the_host(string flag, string value)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--Tracker:DataDirectory", _directory, "--Logging:LogLevel:Default", "Critical",
            "--type", "zookeeper", "--name", "zk", "--rootpath", "/heron", "--hostport", "127.0.0.1:2181", flag, value,
        ];

        await Assert.ThrowsAsync<OptionsValidationException>(() => TrackerHost.StartAsync(args));
    }

    [Fact]
    public async Task Duplicate_state_manager_names_stop_the_host()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--Tracker:DataDirectory", _directory, "--Logging:LogLevel:Default", "Critical",
            "--Heron:StateManagers:0:Type", "file", "--Heron:StateManagers:0:Name", "a", "--Heron:StateManagers:0:RootPath", _directory,
            "--Heron:StateManagers:1:Type", "file", "--Heron:StateManagers:1:Name", "a", "--Heron:StateManagers:1:RootPath", _directory,
        ];

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TrackerHost.StartAsync(args));
        Assert.Contains("unique", error.Message);
    }
}
