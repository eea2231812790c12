namespace Footy.Storage.Internal;

/// <summary>
/// Striped async locks: operations on the same key inside one process run one at a time (so a clip and its
/// metadata, or an upload and its promotion, are not interleaved with another writer of the same key).
/// </summary>
internal sealed class KeyLocks
{
    private readonly SemaphoreSlim[] _stripes;

    public KeyLocks(int stripes = 64)
    {
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++) _stripes[i] = new SemaphoreSlim(1, 1);
    }

    public async Task<IDisposable> AcquireAsync(ClipKey key, CancellationToken ct)
    {
        var stripe = _stripes[StableHash(key.Value) % (uint)_stripes.Length];
        await stripe.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    // FNV-1a: stable across processes (string.GetHashCode is randomised per process).
    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h ^= c;
            h *= 16777619u;
        }
        return h;
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
