namespace Footy.Storage;

/// <summary>Why a storage operation failed.</summary>
public enum StorageFailure
{
    /// <summary>
    /// The store could not be reached or did not answer in time (connection refused/reset, DNS, timeout, HTTP 5xx,
    /// 429/SlowDown). Transient: the store already retried with backoff; the caller may try again later.
    /// </summary>
    Unavailable,

    /// <summary>Credentials or permissions were refused (unknown access key, bad signature, 403, filesystem permissions, a path leaving the root).</summary>
    AccessDenied,

    /// <summary>Something the operation needs does not exist (the bucket, the local file to upload). A missing clip is not a failure.</summary>
    NotFound,

    /// <summary>Anything else (disk full, malformed answer, verification mismatch, client bugs); not retried.</summary>
    Other,
}

/// <summary>
/// A typed storage failure. The message says which store, which operation, which key and why, and never contains
/// the secret key (stores redact it from every message they build, including text taken from inner exceptions).
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageFailure kind, string operation, ClipKey? key, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Operation = operation;
        Key = key;
    }

    /// <summary>The failure class.</summary>
    public StorageFailure Kind { get; }

    /// <summary>The operation that failed (<c>put</c>, <c>stat</c>, <c>delete</c>, <c>list</c>, <c>initialize</c>, ...).</summary>
    public string Operation { get; }

    /// <summary>The key concerned, when there is one.</summary>
    public ClipKey? Key { get; }

    /// <summary>True for <see cref="StorageFailure.Unavailable"/>: trying again later may succeed.</summary>
    public bool IsTransient => Kind == StorageFailure.Unavailable;
}
