namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// One timeseries of a node's result: a value and a presence flag per minute of the node's grid. Present is kept
/// apart from the value because NaN is a legitimate value here (<c>MAX(nan)</c>, <c>SUBTRACT(inf, inf)</c>).
/// Every series belongs to exactly one parent node, which may rewrite it in place.
/// </summary>
internal sealed class MinuteSeries
{
    public MinuteSeries(string? instance, int count)
    {
        Instance = instance;
        Values = new double[count];
        Present = new bool[count];
    }

    /// <summary>The instance id, or null (or empty) for an aggregate.</summary>
    public string? Instance { get; set; }

    public double[] Values { get; private set; }

    public bool[] Present { get; private set; }

    public bool HasInstance => !string.IsNullOrEmpty(Instance);

    public static MinuteSeries Filled(string? instance, int count, double value)
    {
        var series = new MinuteSeries(instance, count);
        Array.Fill(series.Values, value);
        Array.Fill(series.Present, true);
        return series;
    }

    public void Replace(double[] values, bool[] present)
    {
        Values = values;
        Present = present;
    }
}
