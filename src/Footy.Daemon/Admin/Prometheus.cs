using System.Globalization;
using System.Text;
using static Footy.Daemon.Admin.AdminViews;

namespace Footy.Daemon.Admin;

/// <summary>The Prometheus text exposition format (version 0.0.4) of the node's gauges and its collected counters.</summary>
public static class Prometheus
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(NodeStatus status, IReadOnlyList<FixtureRow> fixtures, IReadOnlyList<GoalRow> goals, TelemetryCollector telemetry)
    {
        var text = new StringBuilder();
        Gauge(text, "footy_uptime_seconds", "Seconds since the process started", [("", status.UptimeSeconds)]);
        Gauge(text, "footy_fixtures", "Tracked fixtures by phase",
            fixtures.GroupBy(f => f.Phase).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => ($"phase=\"{Escape(g.Key)}\"", (double)g.Count())));
        Gauge(text, "footy_goals", "Goals by state",
            goals.GroupBy(g => g.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => ($"state=\"{Escape(g.Key)}\"", (double)g.Count())));
        Gauge(text, "footy_clips_kept", "Distinct clips kept over all goals", [("", goals.Sum(g => g.ClipsKept))]);
        Gauge(text, "footy_clips_rejected", "Candidate clips rejected over all goals", [("", goals.Sum(g => g.ClipsRejected))]);
        Gauge(text, "footy_open_clip_hunts", "Goals whose clip search is running", [("", status.OpenHunts)]);
        Gauge(text, "footy_media_queue_depth", "Clips waiting for this node's media pipeline", [("", status.MediaQueueDepth)]);
        Gauge(text, "footy_media_queue_capacity", "Capacity of this node's media pipeline queue", [("", status.MediaQueueCapacity)]);
        Gauge(text, "footy_api_requests_left_today", "API-Football requests left in today's budget", [("", status.ApiRequestsLeftToday)]);
        Gauge(text, "footy_api_circuit_open", "1 when the API-Football circuit breaker is open or half-open",
            [("", status.ApiCircuit == "Closed" ? 0 : 1)]);
        Gauge(text, "footy_last_successful_poll_timestamp_seconds", "Unix time of the last successful poll (0: never)",
            [("", status.LastSuccessfulPollAt?.ToUnixTimeSeconds() ?? 0)]);
        Gauge(text, "footy_poller_stale", "1 when the poller has not succeeded for longer than Admin:StaleAfterSeconds", [("", status.Stale ? 1 : 0)]);

        foreach (var group in telemetry.Counters.GroupBy(c => c.Name))
        {
            var name = group.Key + "_total";
            text.Append("# TYPE ").Append(name).AppendLine(" counter");
            foreach (var (_, labels, total) in group) Sample(text, name, labels, total);
        }
        foreach (var group in telemetry.Histograms.GroupBy(h => h.Name))
        {
            text.Append("# TYPE ").Append(group.Key).AppendLine(" histogram");
            foreach (var (_, labels, histogram) in group)
            {
                for (var i = 0; i < TelemetryCollector.Buckets.Length; i++)
                    Sample(text, group.Key + "_bucket", Join(labels, $"le=\"{Number(TelemetryCollector.Buckets[i])}\""), histogram.CumulativeCounts[i]);
                Sample(text, group.Key + "_bucket", Join(labels, "le=\"+Inf\""), histogram.Count);
                Sample(text, group.Key + "_sum", labels, histogram.Sum);
                Sample(text, group.Key + "_count", labels, histogram.Count);
            }
        }
        return text.ToString();
    }

    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Gauge(StringBuilder text, string name, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
        text.Append("# TYPE ").Append(name).AppendLine(" gauge");
        foreach (var (labels, value) in samples) Sample(text, name, labels, value);
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').AppendLine(Number(value));
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
