namespace Footy.Daemon.Persistence;

/// <summary>The answer to a command whose events the journal did not store: nothing of it was applied.</summary>
public sealed class JournalWriteFailedException(string message, Exception cause) : Exception(message, cause);
