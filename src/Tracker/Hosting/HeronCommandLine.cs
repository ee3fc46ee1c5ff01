using System.Globalization;
using Tracker.Heron;
using YamlDotNet.RepresentationModel;

namespace Tracker.Hosting;

/// <summary>
/// Heron's own tracker flags (<c>--config-file</c>, <c>--type</c>, <c>--name</c>, <c>--hostport</c>,
/// <c>--rootpath</c>, <c>--tunnelhost</c>, <c>--port</c>) and its YAML config file mapped onto
/// Tracker's configuration, so an existing Heron deployment can switch without rewriting its
/// configuration. As in Heron, the flags override only the first state manager entry, and only
/// when given. What is found here wins over <c>Heron:*</c> keys from other sources.
/// </summary>
public static class HeronCommandLine
{
    private static readonly string[] Flags = ["config-file", "type", "name", "hostport", "rootpath", "tunnelhost", "port"];

    public static void Apply(ConfigurationManager configuration, IReadOnlyList<string> args)
    {
        var flags = Parse(args);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var prefix = $"{HeronOptions.Section}:{nameof(HeronOptions.StateManagers)}";

        if (flags.TryGetValue("config-file", out var file))
        {
            LoadYaml(file, values, prefix);
        }

        foreach (var (flag, key) in (ReadOnlySpan<(string, string)>)
            [("type", nameof(StateManagerOptions.Type)), ("name", nameof(StateManagerOptions.Name)),
             ("hostport", nameof(StateManagerOptions.HostPort)), ("rootpath", nameof(StateManagerOptions.RootPath)),
             ("tunnelhost", nameof(StateManagerOptions.TunnelHost))])
        {
            if (flags.TryGetValue(flag, out var value))
            {
                values[$"{prefix}:0:{key}"] = value;
            }
        }

        if (flags.TryGetValue("port", out var port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            {
                throw new ArgumentException($"--port must be a port number, not '{port}'.");
            }

            if (string.IsNullOrEmpty(configuration["urls"]))
            {
                values["urls"] = $"http://127.0.0.1:{number}";
            }
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }

    private static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var body = arg[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            if (!Flags.Contains(name))
            {
                continue;
            }

            if (equals >= 0)
            {
                flags[name] = body[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                flags[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"--{name} needs a value.");
            }
        }

        return flags;
    }

    /// <summary>
    /// Heron's <c>heron_tracker.yaml</c>: <c>statemgrs</c> (type, name, hostport, rootpath,
    /// tunnelhost) and <c>extra.links</c> (name, formatter). A missing file starts from an empty
    /// configuration, as Heron does.
    /// </summary>
    private static void LoadYaml(string file, Dictionary<string, string?> values, string prefix)
    {
        var path = Tracker.Heron.State.StateRoot.ExpandHome(file);
        if (!File.Exists(path))
        {
            return;
        }

        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path}: expected a mapping with 'statemgrs'.");
        }

        if (Child(root, "statemgrs") is YamlSequenceNode statemgrs)
        {
            var index = 0;
            foreach (var entry in statemgrs.OfType<YamlMappingNode>())
            {
                foreach (var (key, option) in (ReadOnlySpan<(string, string)>)
                    [("type", nameof(StateManagerOptions.Type)), ("name", nameof(StateManagerOptions.Name)),
                     ("hostport", nameof(StateManagerOptions.HostPort)), ("rootpath", nameof(StateManagerOptions.RootPath)),
                     ("tunnelhost", nameof(StateManagerOptions.TunnelHost))])
                {
                    if (Child(entry, key) is YamlScalarNode { Value: { } value })
                    {
                        values[$"{prefix}:{index}:{option}"] = value;
                    }
                }

                index++;
            }
        }

        if (Child(root, "extra.links") is YamlSequenceNode links)
        {
            var index = 0;
            foreach (var link in links.OfType<YamlMappingNode>())
            {
                var linkPrefix = $"{HeronOptions.Section}:{nameof(HeronOptions.ExtraLinks)}:{index++}";
                values[$"{linkPrefix}:{nameof(ExtraLinkOptions.Name)}"] = (Child(link, "name") as YamlScalarNode)?.Value ?? "";
                values[$"{linkPrefix}:{nameof(ExtraLinkOptions.Formatter)}"] = (Child(link, "formatter") as YamlScalarNode)?.Value ?? "";
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
