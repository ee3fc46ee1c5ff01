using System.Globalization;

namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// Parses a constant the way the reference does, with Python's <c>float()</c>: an optional sign, then
/// <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case, or a decimal literal with an optional exponent where single
/// underscores may separate digits (<c>1_000.5</c>, <c>1e1_0</c>). Hexadecimal, a lone <c>.</c> and misplaced
/// underscores are rejected.
/// </summary>
internal static class PythonFloat
{
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        var body = text[0] is '+' or '-' ? text[1..] : text;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        var i = 0;
        var integerDigits = ScanDigits(body, ref i);
        if (integerDigits < 0)
        {
            return false;
        }

        var fractionDigits = 0;
        if (i < body.Length && body[i] == '.')
        {
            i++;
            fractionDigits = ScanDigits(body, ref i);
            if (fractionDigits < 0)
            {
                return false;
            }
        }

        if (integerDigits + fractionDigits == 0)
        {
            return false;
        }

        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
            {
                i++;
            }

            if (ScanDigits(body, ref i) <= 0)
            {
                return false;
            }
        }

        if (i != body.Length)
        {
            return false;
        }

        var cleaned = text.Contains('_') ? RemoveUnderscores(text) : text.ToString();
        value = double.Parse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Counts digits from <paramref name="i"/>; −1 when an underscore is not between two digits.</summary>
    private static int ScanDigits(ReadOnlySpan<char> s, ref int i)
    {
        var count = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                count++;
                i++;
            }
            else if (s[i] == '_')
            {
                if (count == 0 || i + 1 >= s.Length || !char.IsAsciiDigit(s[i + 1]))
                {
                    return -1;
                }

                i++;
            }
            else
            {
                break;
            }
        }

        return count;
    }

    private static string RemoveUnderscores(ReadOnlySpan<char> text)
    {
        var buffer = new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c != '_')
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer, 0, n);
    }
}
