using Tracker.Heron.Metrics.Query;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>
/// The reference's parser tests (contract §6.1, <c>query_unittest.py</c>) and the error reporting this parser adds.
/// The reference tests its brace finder and comma splitter directly; this parser has no such helpers, so those
/// cases are checked through what they decide: where a group closes and how arguments split.
/// </summary>
public sealed class MetricsQueryParserTests
{
    [Fact]
    public void TS_GetsComponentInstanceAndMetric_AsRawTrimmedText()
    {
        var node = Assert.IsType<TimeseriesNode>(MetricsQueryParser.Parse("TS(component, instance, __emit-count/default)"));

        Assert.Equal(("component", "instance", "__emit-count/default"), (node.Component, node.Instance, node.Metric));
    }

    [Fact]
    public void TS_Star_MeansEveryInstance()
    {
        Assert.Null(Assert.IsType<TimeseriesNode>(MetricsQueryParser.Parse("TS(a, *, m)")).Instance);
    }

    [Fact]
    public void TS_Arguments_MayHoldBalancedParentheses_ButNotTopLevelCommas()
    {
        var node = Assert.IsType<TimeseriesNode>(MetricsQueryParser.Parse("TS(a(1,2), *, m)"));

        Assert.Equal("a(1,2)", node.Component);
    }

    [Fact]
    public void Operators_GetChildrenOfTheExpectedTypes()
    {
        var def = Assert.IsType<DefaultNode>(MetricsQueryParser.Parse("DEFAULT(0, TS(a, *, m))"));
        Assert.Equal(0, def.Fill);
        Assert.IsType<TimeseriesNode>(def.Operand);

        var sum = Assert.IsType<SumNode>(MetricsQueryParser.Parse("SUM(TS(a, *, m), 10, DEFAULT(1, TS(b, *, n)))"));
        Assert.Collection(sum.Arguments, a => Assert.IsType<TimeseriesNode>(a), c => Assert.Equal(10, Assert.IsType<ConstantNode>(c).Value), d => Assert.IsType<DefaultNode>(d));

        var max = Assert.IsType<MaxNode>(MetricsQueryParser.Parse("MAX(TS(a, *, m), 3)"));
        Assert.Equal(2, max.Arguments.Count);

        var percentile = Assert.IsType<PercentileNode>(MetricsQueryParser.Parse("PERCENTILE(90, TS(a, *, m), 7, TS(b, *, n))"));
        Assert.Equal(90, percentile.Quantile);
        Assert.All(percentile.Operands, o => Assert.IsType<TimeseriesNode>(o));
        Assert.Equal(2, percentile.Operands.Count);

        var rate = Assert.IsType<RateNode>(MetricsQueryParser.Parse("RATE(SUM(TS(a, *, m)))"));
        Assert.IsType<SumNode>(rate.Operand);
    }

    [Theory]
    [InlineData("DIVIDE", ArithmeticOperator.Divide)]
    [InlineData("MULTIPLY", ArithmeticOperator.Multiply)]
    [InlineData("SUBTRACT", ArithmeticOperator.Subtract)]
    public void Arithmetic_AcceptsTimeseriesOrConstantOperands(string name, ArithmeticOperator op)
    {
        var both = Assert.IsType<ArithmeticNode>(MetricsQueryParser.Parse($"{name}(TS(a, *, m), TS(b, *, n))"));
        Assert.Equal(op, both.Operator);
        Assert.IsType<TimeseriesNode>(both.Right);

        var constant = Assert.IsType<ArithmeticNode>(MetricsQueryParser.Parse($"{name}(TS(a, *, m), 100)"));
        Assert.Equal(100, Assert.IsType<ConstantNode>(constant.Right).Value);
    }

    [Theory]
    [InlineData("DIVIDE")]
    [InlineData("MULTIPLY")]
    [InlineData("SUBTRACT")]
    public void Arithmetic_RejectsASingleOperand(string name)
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse($"{name}(TS(a, *, m))"));

        Assert.Equal($"{name} requires exactly two arguments, got 1", error.Reason);
        Assert.Equal(0, error.Position);
        Assert.Equal(name, error.Token);
    }

    [Fact]
    public void RATE_RejectsTwoOperands()
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("RATE(TS(a, *, m), TS(b, *, n))"));

        Assert.Equal("RATE requires exactly one argument, got 2", error.Reason);
    }

    [Fact]
    public void PERCENTILE_WithTheQuantileLast_IsRejected()
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("PERCENTILE(TS(a, *, m), 90)"));

        Assert.Equal("First argument to PERCENTILE must be a constant", error.Reason);
        Assert.Equal(11, error.Position);
    }

    [Theory]
    [InlineData("PERCENTILE(101, TS(a, *, m))")]
    [InlineData("PERCENTILE(-0.5, TS(a, *, m))")]
    [InlineData("PERCENTILE(nan, TS(a, *, m))")]
    public void PERCENTILE_QuantileOutside0To100_IsRejected(string query)
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(query));

        Assert.StartsWith("Quantile must be between 0 and 100 inclusive", error.Reason);
        Assert.Equal(11, error.Position);
    }

    [Fact]
    public void AnUnknownOperator_IsNamedWithItsPosition()
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("SUM(TS(a, *, m), FOO(1))"));

        Assert.Equal("Invalid token: 'FOO' is not an operator", error.Reason);
        Assert.Equal(17, error.Position);
        Assert.Equal("FOO", error.Token);
        Assert.Contains("position 17", error.Message);
    }

    [Fact]
    public void ALongOffendingToken_IsQuotedShortened()
    {
        var token = new string('X', 5000);
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(token + "(1)"));

        Assert.Equal(token, error.Token);
        Assert.Contains("'" + new string('X', 40) + "…'", error.Message);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Fact]
    public void OperatorNames_AreCaseSensitive()
    {
        Assert.Equal("sum", Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("sum(TS(a, *, m))")).Token);
    }

    [Theory]
    [InlineData("SUM(TS(a, *, m)", "SUM(")]
    [InlineData("DEFAULT(0, TS(a, *, m)", "DEFAULT(")]
    [InlineData("TS(a, *, m", "TS(")]
    [InlineData("(TS(a, *, m)", "(")]
    public void AMissingClosingParenthesis_NamesTheOpenOne(string query, string what)
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(query));

        Assert.StartsWith($"Missing closing parenthesis for '{what}'", error.Reason);
        Assert.Equal(query.Length, error.Position);
    }

    [Fact]
    public void TooManyClosingParentheses_AreRejected()
    {
        // The reference's splitter: "())" → error.
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("SUM(TS(a, *, m)))"));

        Assert.Equal("Invalid syntax: too many closing parentheses", error.Reason);
        Assert.Equal(16, error.Position);
    }

    [Fact]
    public void RedundantParentheses_AndWhitespace_AreAllowedWhereTheReferenceAllowsThem()
    {
        // The brace finder: "(())" closes at 3 and "(hello)" at 6, i.e. nested groups close at the outer end.
        var node = MetricsQueryParser.Parse("  (( DIVIDE ( (TS( a ,\t* , m )) ,\n ( 60 ) ) ))  ");

        var divide = Assert.IsType<ArithmeticNode>(node);
        Assert.Equal(new TimeseriesNode("a", null, "m", 15), divide.Left);
        Assert.Equal(60, Assert.IsType<ConstantNode>(divide.Right).Value);
    }

    [Fact]
    public void AGroupClosingBeforeTheEndOfItsPart_IsInvalidSyntax()
    {
        // The brace finder: "()()" closes at 1, which is not the last character.
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("(TS(a, *, m))(1)"));

        Assert.StartsWith("Invalid syntax", error.Reason);
        Assert.Equal(13, error.Position);
    }

    [Fact]
    public void Arguments_SplitOnTopLevelCommasOnly_AndEmptyPartsCount()
    {
        // The splitter: "abc, def, xyz" → three parts, nested parts kept whole, ",," → three empty parts.
        var sum = Assert.IsType<SumNode>(MetricsQueryParser.Parse("SUM(TS(abc, def, xyz), DEFAULT(0, TS(a, *, m)))"));
        Assert.Equal(2, sum.Arguments.Count);

        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse("DIVIDE(,,)"));
        Assert.Equal("DIVIDE requires exactly two arguments, got 3", error.Reason);
    }

    [Theory]
    [InlineData("1e1", 10.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData("1_0", 10.0)]
    [InlineData("+.5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1_000.2_5e0_1", 10002.5)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void Constants_AreParsedLikePythonFloat(string text, double expected)
    {
        var node = Assert.IsType<ArithmeticNode>(MetricsQueryParser.Parse($"MULTIPLY(TS(a, *, m), {text})"));

        Assert.Equal(expected, Assert.IsType<ConstantNode>(node.Right).Value);
    }

    [Fact]
    public void NaN_IsAConstant()
    {
        var node = Assert.IsType<MaxNode>(MetricsQueryParser.Parse("MAX(NaN)"));

        Assert.True(double.IsNaN(Assert.IsType<ConstantNode>(Assert.Single(node.Arguments)).Value));
    }

    [Theory]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("0x10")]
    [InlineData(".")]
    [InlineData("1 2")]
    [InlineData("1e")]
    [InlineData("abc")]
    public void NonNumbers_AreInvalidSyntax(string text)
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse($"MULTIPLY(TS(a, *, m), {text})"));

        Assert.StartsWith("Invalid syntax", error.Reason);
        Assert.Equal(22, error.Position);
    }

    [Theory]
    [InlineData("RATE(5)", "RATE requires a timeseries, not constant")]
    [InlineData("RATE()", "RATE requires a timeseries, not constant")]
    [InlineData("DEFAULT(1, 2)", "Second argument to DEFAULT must be an operator")]
    [InlineData("DEFAULT(TS(a, *, m), 2)", "First argument to DEFAULT must be a number")]
    [InlineData("DEFAULT(1)", "DEFAULT requires 2 arguments, got 1")]
    [InlineData("TS(a, *)", "TS requires 3 arguments, got 2")]
    [InlineData("TS(a, , m)", "TS argument 2 (instance) is empty")]
    [InlineData("DIVIDE(TS(a, *, m), )", "Argument 2 of DIVIDE is empty")]
    [InlineData("5", "Query must be an operator returning timeseries, not a constant")]
    [InlineData("   ", "Query is empty")]
    [InlineData("()", "Query is empty")]
    public void ShapeErrors_SayWhatIsWrong(string query, string reason)
    {
        var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(query));

        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void TooLongOrTooDeepQueries_AreRejected()
    {
        var longQuery = "SUM(" + string.Join(",", Enumerable.Repeat("1", MetricsQueryParser.MaxQueryLength)) + ")";
        Assert.StartsWith("Query is longer than", Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(longQuery)).Reason);

        var depth = MetricsQueryParser.MaxNestingDepth;
        var deepest = string.Concat(Enumerable.Repeat("SUM(", depth - 1)) + "TS(a,*,m)" + new string(')', depth - 1);
        Assert.IsType<SumNode>(MetricsQueryParser.Parse(deepest));

        var tooDeep = "SUM(" + deepest + ")";
        Assert.StartsWith("Query nests deeper than", Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(tooDeep)).Reason);
    }

    [Theory]
    [InlineData("cpu", "DEFAULT(0,TS({0},{1},__jvm-process-cpu-load))")]
    [InlineData("capacity", "DIVIDE(DEFAULT(0,MULTIPLY(TS({0},{1},__execute-count/default),TS({0},{1},__execute-latency/default))),60000000000)")]
    [InlineData("failures", "DEFAULT(0,DIVIDE(TS({0},{1},__fail-count/default),SUM(DEFAULT(1,TS({0},{1},__execute-count/default)),DEFAULT(0,TS({0},{1},__fail-count/default)))))")]
    [InlineData("memory", "DIVIDE(DEFAULT(0,TS({0},{1},__jvm-memory-used-mb)),DEFAULT(1,TS({0},{1},__jvm-memory-mb-total)))")]
    [InlineData("gc", "RATE(TS({0},{1},__jvm-gc-collection-time-ms))")]
    [InlineData("backpressure", "DEFAULT(0,TS(__stmgr__,*,__time_spent_back_pressure_by_compid/{0}))")]
    public void TheHeronUiQueries_Parse(string metric, string template)
    {
        Assert.NotNull(metric);
        var query = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "exclaim", "*");

        Assert.IsNotType<ConstantNode>(MetricsQueryParser.Parse(query));
        Assert.IsType<MaxNode>(MetricsQueryParser.Parse($"MAX({query})"));
    }
}
