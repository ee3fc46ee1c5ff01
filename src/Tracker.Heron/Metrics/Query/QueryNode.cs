namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// A node of a parsed metrics query. Every node remembers where it started in the query text so that
/// errors found after parsing can still point at the offending part.
/// </summary>
public abstract record QueryNode(int Position);

/// <summary>A numeric constant, parsed as Python's <c>float()</c> would (so <c>1_0</c>, <c>inf</c> and <c>nan</c> are accepted).</summary>
public sealed record ConstantNode(double Value, int Position) : QueryNode(Position);

/// <summary>
/// <c>TS(component, instance|*, metric)</c>: the per-minute timeline of one metric of one component.
/// <see cref="Instance"/> is null for <c>*</c> (every instance).
/// </summary>
public sealed record TimeseriesNode(string Component, string? Instance, string Metric, int Position) : QueryNode(Position);

/// <summary><c>DEFAULT(fill, operand)</c>: fills every minute of the window that is missing or zero.</summary>
public sealed record DefaultNode(double Fill, QueryNode Operand, int Position) : QueryNode(Position);

/// <summary><c>SUM(...)</c>: constants seed a zero-filled grid, operand values are added per minute.</summary>
public sealed record SumNode(IReadOnlyList<QueryNode> Arguments, int Position) : QueryNode(Position);

/// <summary><c>MAX(...)</c>: constants fill every minute, operands take the per-minute maximum.</summary>
public sealed record MaxNode(IReadOnlyList<QueryNode> Arguments, int Position) : QueryNode(Position);

/// <summary>
/// <c>PERCENTILE(q, ...)</c>: the per-minute value at index <c>floor(q·(n−1)/100)</c> of the sorted operand values.
/// Constants after the quantile are accepted and ignored, as the reference does, so only operators are kept.
/// </summary>
public sealed record PercentileNode(double Quantile, IReadOnlyList<QueryNode> Operands, int Position) : QueryNode(Position);

/// <summary>The three binary operators that match operands by instance.</summary>
public enum ArithmeticOperator
{
    Divide,
    Multiply,
    Subtract,
}

/// <summary><c>DIVIDE</c>, <c>MULTIPLY</c> or <c>SUBTRACT</c> of two operands (constants or operators).</summary>
public sealed record ArithmeticNode(ArithmeticOperator Operator, QueryNode Left, QueryNode Right, int Position) : QueryNode(Position);

/// <summary><c>RATE(operand)</c>: the difference to the previous minute, for minutes whose previous minute exists.</summary>
public sealed record RateNode(QueryNode Operand, int Position) : QueryNode(Position);
