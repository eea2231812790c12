namespace Footy.Scenarios;

/// <summary>
/// A small deterministic generator (SplitMix64), so a seed gives the same scenario on every runtime and
/// platform (System.Random's seeded sequence is not a documented contract).
/// </summary>
public sealed class ScenarioRandom
{
    private ulong _state;

    public ScenarioRandom(int seed) : this((ulong)(uint)seed) { }

    public ScenarioRandom(ulong seed) { _state = seed * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL; }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive)
    {
        if (maxInclusive < min) throw new ArgumentOutOfRangeException(nameof(maxInclusive));
        var range = (ulong)((long)maxInclusive - min + 1);
        return (int)(min + (long)(NextULong() % range));
    }

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Between(0, items.Count - 1)];

    /// <summary>Poisson-distributed count (Knuth), capped at <paramref name="max"/>.</summary>
    public int Poisson(double lambda, int max)
    {
        var l = Math.Exp(-lambda);
        int k = 0;
        double p = 1;
        do { k++; p *= NextDouble(); } while (p > l);
        return Math.Min(k - 1, max);
    }

    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = Between(0, i);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
