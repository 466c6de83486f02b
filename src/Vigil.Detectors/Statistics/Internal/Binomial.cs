namespace Vigil.Detectors.Statistics.Internal;

/// <summary>Binomial coefficients as doubles: exact while they fit in 128 bits, then continued in floating point (+∞ past the double range).</summary>
internal static class Binomial
{
    public static double Of(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        k = Math.Min(k, n - k);
        UInt128 exact = 1;
        var i = 1;
        for (; i <= k; i++)
        {
            // exact = C(n−k+i−1, i−1); times (n−k+i) it is divisible by i.
            var factor = (UInt128)(uint)(n - k + i);
            if (exact > UInt128.MaxValue / factor)
            {
                break;
            }

            exact = exact * factor / (uint)i;
        }

        var value = (double)exact;
        for (; i <= k && double.IsFinite(value); i++)
        {
            value = value * (n - k + i) / i;
        }

        return value;
    }
}
