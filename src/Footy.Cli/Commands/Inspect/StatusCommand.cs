using System.CommandLine;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy status</c>: one screen of health for the node the CLI talks to.</summary>
internal static class StatusCommand
{
    public static Command Create() =>
        InspectCommand.Create("status", "One-screen health: node, uptime, fixtures, goals in flight, queues, API budget, circuit, last poll, read model lag", [],
            (c, _, ct) => c.GetAsync<NodeStatus>("/api/status", ct),
            s => TextTable.Pairs([
                ("Node", $"{s.Node} ({s.MemberStatus})"), ("Version", s.Version), ("Uptime", TimeSpan.FromSeconds(s.UptimeSeconds).ToString(@"d\.hh\:mm\:ss")),
                ("Clock", TextTable.Time(s.Now)),
                ("Fixtures", $"{s.TrackedFixtures} tracked, {s.PolledFixtures} polled"),
                ("Goals in flight", $"{s.GoalsInFlight} ({s.OpenHunts} clip searches open)"),
                ("Media queue", $"{s.MediaQueueDepth}/{s.MediaQueueCapacity}"),
                ("API budget", $"{s.ApiRequestsLeftToday} requests left today"), ("API circuit", s.ApiCircuit),
                ("Last cycle", TextTable.Time(s.LastCycleAt)), ("Last good poll", TextTable.Time(s.LastSuccessfulPollAt)),
                ("Read model", $"{s.ReadModelLagEvents} events, {s.ReadModelLagSeconds:0.0} s behind the journal"),
                ("Health", s.Stale ? "STALE: no successful poll for too long" : "ok"),
            ]));
}
