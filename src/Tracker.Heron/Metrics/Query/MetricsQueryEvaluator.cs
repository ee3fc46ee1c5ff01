using System.Runtime.InteropServices;

namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// Runs a parsed metrics query with the reference's semantics (contract §5.2–5.3).
/// </summary>
/// <remarks>
/// Execution has two phases. First every <c>TS</c> leaf is turned into its <see cref="TimelineRequest"/> (its window
/// depends on how many <c>RATE</c>s are above it), identical requests are merged and all are fetched concurrently;
/// a failing fetch cancels the others and fails the query. Then the tree is evaluated synchronously over arrays
/// indexed by the minutes of each node's window. Each <c>TS</c> occurrence builds its own arrays from the shared
/// fetched data, so every intermediate series has exactly one owner and operators may rewrite it in place.
/// </remarks>
public static class MetricsQueryEvaluator
{
    /// <summary>
    /// Longest window, in minutes. The TManager keeps three hours; SUM, DEFAULT and constants fill every minute of
    /// the window, so an unbounded window would let one request allocate without limit.
    /// </summary>
    public const int MaxWindowMinutes = 1440;

    /// <summary>Window bounds beyond ±2^53 (the JSON-safe integers) are refused rather than risking overflow.</summary>
    public const long MaxAbsoluteTime = 1L << 53;

    public static async Task<MetricsQueryResult> EvaluateAsync(
        QueryNode query, long start, long end, ITimelineSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(source);
        var grid = ValidateWindow(start, end);

        var requests = new Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>>();
        CollectRequests(query, start, end, requests);
        await FetchAllAsync(requests, source, cancellationToken).ConfigureAwait(false);

        var series = Evaluate(query, start, end, requests);
        var timelines = new QueryTimeline[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            timelines[i] = new QueryTimeline(grid, series[i]);
        }

        return new MetricsQueryResult(start, end, timelines);
    }

    private static MinuteGrid ValidateWindow(long start, long end)
    {
        if (start > end)
        {
            throw new MetricsQueryException($"starttime {start} is greater than endtime {end}");
        }

        if (start < -MaxAbsoluteTime || end > MaxAbsoluteTime)
        {
            throw new MetricsQueryException($"starttime and endtime must lie within ±{MaxAbsoluteTime}");
        }

        var grid = MinuteGrid.For(start, end);
        if (grid.Count > MaxWindowMinutes)
        {
            throw new MetricsQueryException(
                $"The window [{start}, {end}] spans {grid.Count} minutes; at most {MaxWindowMinutes} are allowed");
        }

        return grid;
    }

    private static TimelineRequest RequestFor(TimeseriesNode ts, long start, long end) =>
        // The reference widens each fetch by a minute on both sides because bucket starts are not minute-aligned.
        new(ts.Component, ts.Instance, ts.Metric, start - 60, end + 60);

    private static void CollectRequests(QueryNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> requests)
    {
        switch (node)
        {
            case TimeseriesNode ts:
                requests.TryAdd(RequestFor(ts, start, end), []);
                break;
            case DefaultNode d:
                CollectRequests(d.Operand, start, end, requests);
                break;
            case SumNode s:
                foreach (var argument in s.Arguments)
                {
                    CollectRequests(argument, start, end, requests);
                }

                break;
            case MaxNode m:
                foreach (var argument in m.Arguments)
                {
                    CollectRequests(argument, start, end, requests);
                }

                break;
            case PercentileNode p:
                foreach (var operand in p.Operands)
                {
                    CollectRequests(operand, start, end, requests);
                }

                break;
            case ArithmeticNode a:
                CollectRequests(a.Left, start, end, requests);
                CollectRequests(a.Right, start, end, requests);
                break;
            case RateNode r:
                CollectRequests(r.Operand, start - 60, end, requests);
                break;
        }
    }

    private static async Task FetchAllAsync(
        Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> requests, ITimelineSource source, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return;
        }

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keys = requests.Keys.ToArray();
        var fetches = new Task<IReadOnlyList<InstanceTimeline>>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            fetches[i] = FetchOneAsync(source, keys[i], abort);
        }

        try
        {
            await Task.WhenAll(fetches).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Task.WhenAll reports the first failure in task order, which may be a fetch cancelled because another
            // one failed; report the failure that caused the abort instead.
            var cause = fetches.FirstOrDefault(f => f.IsFaulted && f.Exception!.InnerException is not OperationCanceledException)
                ?? fetches.First(f => f.IsFaulted || f.IsCanceled);
            await cause.ConfigureAwait(false);
            throw;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            requests[keys[i]] = fetches[i].Result;
        }
    }

    private static async Task<IReadOnlyList<InstanceTimeline>> FetchOneAsync(
        ITimelineSource source, TimelineRequest request, CancellationTokenSource abort)
    {
        try
        {
            return await source.FetchAsync(request, abort.Token).ConfigureAwait(false) ?? [];
        }
        catch
        {
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static List<MinuteSeries> Evaluate(
        QueryNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
    {
        var grid = MinuteGrid.For(start, end);
        return node switch
        {
            TimeseriesNode ts => Timeseries(grid, data[RequestFor(ts, start, end)]),
            DefaultNode d => Default(d.Fill, Evaluate(d.Operand, start, end, data)),
            SumNode s => Sum(grid, s, start, end, data),
            MaxNode m => Max(grid, m, start, end, data),
            PercentileNode p => Percentile(grid, p, start, end, data),
            ArithmeticNode a => Arithmetic(grid, a, start, end, data),
            RateNode r => Rate(grid, MinuteGrid.For(start - 60, end), Evaluate(r.Operand, start - 60, end, data)),
            _ => throw new MetricsQueryException("A constant has no timeline where an operator is required", node.Position),
        };
    }

    /// <summary>NaN points are dropped, timestamps floored to the minute, minutes outside the window dropped; the last point of a minute wins.</summary>
    private static List<MinuteSeries> Timeseries(MinuteGrid grid, IReadOnlyList<InstanceTimeline> timelines)
    {
        var result = new List<MinuteSeries>(timelines.Count);
        foreach (var timeline in timelines)
        {
            var series = new MinuteSeries(timeline.Instance, grid.Count);
            if (timeline.Points is TimelinePoint[] array)
            {
                Place(grid, array, series);
            }
            else if (timeline.Points is List<TimelinePoint> list)
            {
                Place(grid, CollectionsMarshal.AsSpan(list), series);
            }
            else
            {
                foreach (var point in timeline.Points)
                {
                    Place(grid, new ReadOnlySpan<TimelinePoint>(in point), series);
                }
            }

            result.Add(series);
        }

        return result;
    }

    private static void Place(MinuteGrid grid, ReadOnlySpan<TimelinePoint> points, MinuteSeries series)
    {
        var values = series.Values;
        var present = series.Present;
        foreach (var point in points)
        {
            // The grid starts on a minute, so flooring the offset is flooring the timestamp.
            var offset = point.Timestamp - grid.FirstMinute;
            if (offset < 0 || double.IsNaN(point.Value))
            {
                continue;
            }

            var index = offset / 60;
            if (index < values.Length)
            {
                values[index] = point.Value;
                present[index] = true;
            }
        }
    }

    /// <summary>Zero counts as missing: the TManager reports 0 for the current, not yet filled bucket (STREAMCOMP-1559).</summary>
    private static List<MinuteSeries> Default(double fill, List<MinuteSeries> operand)
    {
        foreach (var series in operand)
        {
            var values = series.Values;
            var present = series.Present;
            for (var i = 0; i < values.Length; i++)
            {
                if (!present[i] || values[i] == 0)
                {
                    values[i] = fill;
                    present[i] = true;
                }
            }
        }

        return operand;
    }

    private static List<MinuteSeries> Sum(
        MinuteGrid grid, SumNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
    {
        var seed = 0.0;
        foreach (var argument in node.Arguments)
        {
            if (argument is ConstantNode constant)
            {
                seed += constant.Value;
            }
        }

        var result = MinuteSeries.Filled(null, grid.Count, seed);
        var sums = result.Values;
        foreach (var series in SeriesOf(node.Arguments, start, end, data))
        {
            var values = series.Values;
            var present = series.Present;
            for (var i = 0; i < sums.Length; i++)
            {
                if (present[i])
                {
                    sums[i] += values[i];
                }
            }
        }

        return [result];
    }

    /// <summary>The series of every argument that is not a constant, in query order.</summary>
    private static IEnumerable<MinuteSeries> SeriesOf(
        IEnumerable<QueryNode> arguments, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
        => arguments.Where(a => a is not ConstantNode).SelectMany(a => Evaluate(a, start, end, data));

    private static List<MinuteSeries> Max(
        MinuteGrid grid, MaxNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
    {
        var result = new MinuteSeries(null, grid.Count);
        var hasConstant = false;
        var constantMax = 0.0;
        foreach (var argument in node.Arguments)
        {
            if (argument is ConstantNode constant)
            {
                // Python's max(): a later item replaces the current one only when strictly greater (so NaN sticks).
                constantMax = !hasConstant || constant.Value > constantMax ? constant.Value : constantMax;
                hasConstant = true;
            }
        }

        if (hasConstant)
        {
            result = MinuteSeries.Filled(null, grid.Count, constantMax);
        }

        var maxima = result.Values;
        var seen = result.Present;
        foreach (var series in SeriesOf(node.Arguments, start, end, data))
        {
            var values = series.Values;
            var present = series.Present;
            for (var i = 0; i < maxima.Length; i++)
            {
                if (!present[i])
                {
                    continue;
                }

                var value = values[i];
                if (!seen[i])
                {
                    maxima[i] = value;
                    seen[i] = true;
                }

                // max(value, current) keeps current only when current > value.
                maxima[i] = maxima[i] > value ? maxima[i] : value;
            }
        }

        return [result];
    }

    private static List<MinuteSeries> Percentile(
        MinuteGrid grid, PercentileNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
    {
        var all = new List<MinuteSeries>();
        foreach (var operand in node.Operands)
        {
            all.AddRange(Evaluate(operand, start, end, data));
        }

        var result = new MinuteSeries(null, grid.Count);
        var buffer = new double[all.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            var n = 0;
            foreach (var series in all)
            {
                if (series.Present[i])
                {
                    buffer[n++] = series.Values[i];
                }
            }

            if (n == 0)
            {
                continue;
            }

            var values = buffer.AsSpan(0, n);
            values.Sort();

            // The reference's nearest rank with floor: int(q * 1.0 * (n - 1) / 100.0), no interpolation.
            var index = (int)(node.Quantile * 1.0 * (n - 1) / 100.0);
            result.Values[i] = values[index];
            result.Present[i] = true;
        }

        return [result];
    }

    private static List<MinuteSeries> Arithmetic(
        MinuteGrid grid, ArithmeticNode node, long start, long end, Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
    {
        var left = Operand.Resolve(node, node.Left, grid, start, end, data);
        var right = Operand.Resolve(node, node.Right, grid, start, end, data);
        var op = node.Operator;
        var result = new List<MinuteSeries>();

        if (left.IsMultivariate && right.IsMultivariate)
        {
            // Instances on one side only are dropped silently: the reference does not raise, whatever its docs say.
            foreach (var instance in left.Instances)
            {
                if (right.ByInstance!.TryGetValue(instance, out var rhs))
                {
                    var lhs = left.ByInstance![instance];
                    Combine(op, lhs, lhs, rhs);
                    result.Add(lhs);
                }
            }

            return result;
        }

        if (!left.IsMultivariate)
        {
            if (left.Univariate is not { } lhs)
            {
                return result;
            }

            // Each right-hand series takes the left timeline, keeping its own instance.
            foreach (var rhs in right.Series())
            {
                Combine(op, rhs, lhs, rhs);
                result.Add(rhs);
            }

            return result;
        }

        var univariateRight = right.Univariate;
        foreach (var instance in left.Instances)
        {
            var lhs = left.ByInstance![instance];
            if (univariateRight is null)
            {
                Array.Clear(lhs.Present);
            }
            else
            {
                Combine(op, lhs, lhs, univariateRight);
            }

            result.Add(lhs);
        }

        return result;
    }

    /// <summary>
    /// Writes <c>lhs op rhs</c> into <paramref name="target"/> (which is one of the two operands) at the left-hand
    /// minutes; a point is dropped when the right-hand value is missing, and for DIVIDE when it is zero.
    /// </summary>
    private static void Combine(ArithmeticOperator op, MinuteSeries target, MinuteSeries lhs, MinuteSeries rhs)
    {
        var lv = lhs.Values;
        var lp = lhs.Present;
        var rv = rhs.Values;
        var rp = rhs.Present;
        var tv = target.Values;
        var tp = target.Present;
        for (var i = 0; i < tv.Length; i++)
        {
            if (!lp[i] || !rp[i])
            {
                tp[i] = false;
                continue;
            }

            var r = rv[i];
            switch (op)
            {
                case ArithmeticOperator.Multiply:
                    tv[i] = lv[i] * r;
                    tp[i] = true;
                    break;
                case ArithmeticOperator.Subtract:
                    tv[i] = lv[i] - r;
                    tp[i] = true;
                    break;
                default:
                    if (r == 0)
                    {
                        tp[i] = false;
                    }
                    else
                    {
                        tv[i] = lv[i] / r;
                        tp[i] = true;
                    }

                    break;
            }
        }
    }

    /// <summary>A per-minute difference, not divided by 60: no counter-reset handling, no extrapolation.</summary>
    private static List<MinuteSeries> Rate(MinuteGrid grid, MinuteGrid operandGrid, List<MinuteSeries> operand)
    {
        // The operand ran one minute earlier, so minute i of this grid is minute i + offset of the operand's.
        var offset = grid.Count == 0 ? 0 : (int)((grid.FirstMinute - operandGrid.FirstMinute) / 60);
        foreach (var series in operand)
        {
            var values = new double[grid.Count];
            var present = new bool[grid.Count];
            for (var i = 0; i < grid.Count; i++)
            {
                var j = i + offset;
                if (j >= 1 && series.Present[j] && series.Present[j - 1])
                {
                    values[i] = series.Values[j] - series.Values[j - 1];
                    present[i] = true;
                }
            }

            series.Replace(values, present);
        }

        return operand;
    }

    /// <summary>
    /// An arithmetic operand as the reference sees it: empty, univariate (a constant filled over the window, or a
    /// single series without instance) or multivariate (instances, last one wins on a duplicate id).
    /// </summary>
    private sealed class Operand
    {
        public MinuteSeries? Univariate { get; private init; }

        public List<string> Instances { get; } = [];

        public Dictionary<string, MinuteSeries>? ByInstance { get; private init; }

        public bool IsMultivariate => ByInstance is not null;

        public IEnumerable<MinuteSeries> Series() =>
            Univariate is { } u ? [u] : ByInstance is null ? [] : Instances.Select(i => ByInstance[i]);

        public static Operand Resolve(
            ArithmeticNode parent, QueryNode node, MinuteGrid grid, long start, long end,
            Dictionary<TimelineRequest, IReadOnlyList<InstanceTimeline>> data)
        {
            if (node is ConstantNode constant)
            {
                return new Operand { Univariate = MinuteSeries.Filled(null, grid.Count, constant.Value) };
            }

            var series = Evaluate(node, start, end, data);
            if (series.Count == 0)
            {
                return new Operand();
            }

            if (series.Count == 1 && !series[0].HasInstance)
            {
                return new Operand { Univariate = series[0] };
            }

            var operand = new Operand { ByInstance = new Dictionary<string, MinuteSeries>(StringComparer.Ordinal) };
            foreach (var s in series)
            {
                if (!s.HasInstance)
                {
                    throw new MetricsQueryException(
                        $"{parent.Operator.ToString().ToUpperInvariant()} with multivariate requires instance based timeseries",
                        node.Position);
                }

                if (operand.ByInstance.TryAdd(s.Instance!, s))
                {
                    operand.Instances.Add(s.Instance!);
                }
                else
                {
                    operand.ByInstance[s.Instance!] = s;
                }
            }

            return operand;
        }
    }
}
