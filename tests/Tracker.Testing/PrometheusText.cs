using System.Globalization;

namespace Tracker.Testing;

/// <summary>
/// A Prometheus text-format scrape, read into samples (shared by the test projects that scrape
/// <c>/metrics</c>). Only what the tests need: <c>name{label="value",...} number</c> lines.
/// </summary>
public sealed class PrometheusText
{
    private readonly List<Sample> _samples = [];

    private PrometheusText(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..line.IndexOf(' ')];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0)
            {
                var close = line.LastIndexOf('}');
                foreach (var pair in SplitLabels(line[(brace + 1)..close]))
                {
                    var equals = pair.IndexOf('=');
                    labels[pair[..equals]] = pair[(equals + 2)..^1];
                }
            }

            _samples.Add(new Sample(name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public string Text { get; }

    public static PrometheusText Parse(string text) => new(text);

    public static async Task<PrometheusText> ScrapeAsync(HttpClient http, string path = "/metrics")
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum over every series of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when there is none.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels)
        => _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    private static IEnumerable<string> SplitLabels(string body)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '"' && (i == 0 || body[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (body[i] == ',' && !quoted)
            {
                yield return body[start..i];
                start = i + 1;
            }
        }

        if (start < body.Length)
        {
            yield return body[start..];
        }
    }
}
