namespace Footy.Recordings;

/// <summary>
/// One API-Football request a <see cref="RecordingServer"/> answered: when (real and virtual time), what, and who asked
/// (the client's User-Agent), so a run with several daemon nodes shows which node polled and whether two ever did at once.
/// </summary>
public sealed record ServedRequest(DateTimeOffset At, DateTimeOffset VirtualAt, string PathAndQuery, string Client);
