namespace Footy.Recordings;

/// <summary>
/// One API-Football request a <see cref="RecordingServer"/> answered: when it arrived and when its answer ended (real time),
/// the virtual time it was asked at, what, and who asked (the client's User-Agent, which names the daemon node), so a run
/// with several daemon nodes shows which node polled and whether two ever polled at the same time.
/// </summary>
public sealed record ServedRequest(DateTimeOffset At, DateTimeOffset AnsweredAt, DateTimeOffset VirtualAt, string PathAndQuery, string Client);
