using System.Globalization;
using CsCheck;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>Random metrics queries over component <c>c</c>, instances i1–i4 and metrics m1, m2: well-formed, broken, or anything.</summary>
internal static class QueryGenerators
{
    private static readonly string[] Instances = ["i1", "i2", "i3", "i4"];
    private static readonly string[] Metrics = ["m1", "m2"];

    public static readonly Gen<string> Constant = Gen.Int[-5, 5].Select(i => i.ToString(CultureInfo.InvariantCulture));

    public static readonly Gen<string> Leaf = Gen.OneOf(
        Gen.OneOf(Metrics.Select(Gen.Const).ToArray()).Select(m => $"TS(c,*,{m})"),
        Gen.Select(Gen.OneOf(Instances.Select(Gen.Const).ToArray()), Gen.OneOf(Metrics.Select(Gen.Const).ToArray()), (i, m) => $"TS(c,{i},{m})"));

    /// <summary>A well-formed query whose root is an operator.</summary>
    public static Gen<string> Query(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }

        var inner = Query(depth - 1);
        var argument = Gen.Frequency((3, inner), (1, Constant));
        return Gen.Frequency(
            (3, Leaf),
            (1, Gen.Select(Constant, inner, (k, q) => $"DEFAULT({k},{q})")),
            (1, argument.Array[0, 3].Select(a => $"SUM({string.Join(",", a)})")),
            (1, argument.Array[1, 3].Select(a => $"MAX({string.Join(",", a)})")),
            (1, Gen.Select(Gen.Int[0, 100], argument.Array[1, 3], (q, a) => $"PERCENTILE({q},{string.Join(",", a)})")),
            (2, Gen.Select(Gen.OneOf(Gen.Const("DIVIDE"), Gen.Const("MULTIPLY"), Gen.Const("SUBTRACT")), argument, argument, (op, a, b) => $"{op}({a},{b})")),
            (1, inner.Select(q => $"RATE({q})")));
    }

    /// <summary>Well-formed queries with one character deleted, inserted or doubled, or cut short, and plain noise: may or may not parse.</summary>
    public static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.Select(Query(3), Gen.Int[0, 1000], Gen.Char["(),* x1.-eE_"], Gen.Int[0, 3])
            .Select((q, at, c, kind) =>
            {
                var i = at % (q.Length + 1);
                return kind switch
                {
                    0 => q.Remove(Math.Min(i, q.Length - 1), 1),
                    1 => q.Insert(i, c.ToString()),
                    2 => q[..i],
                    _ => q.Insert(i, c.ToString()).Insert(i, c.ToString()),
                };
            }),
        Gen.Char["(),* x1.-eE_TSUMAX\t"].Array[0, 40].Select(c => new string(c)));

    /// <summary>Well-formed queries broken in a way that can never be valid.</summary>
    public static readonly Gen<string> Malformed = Gen.Select(Query(3), Gen.Int[0, 4]).Select((q, kind) => kind switch
    {
        0 => q[..^1],                                     // the last ')' missing
        1 => q + ")",                                     // one ')' too many
        2 => "FOO(" + q + ")",                            // unknown operator
        3 => "DIVIDE(" + q + ")",                         // wrong argument count
        _ => "RATE(" + q + "," + q + ")",                 // wrong argument count
    });
}
