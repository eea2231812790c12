using System.Data.Common;
using System.Text.RegularExpressions;
using LinqToDB.Interceptors;

namespace Footy.Daemon.Persistence;

/// <summary>
/// Akka.Persistence.Sql's read journal (EventsByTag, EventsByPersistenceId, AllEvents) fetches each returned event's tags
/// with a correlated subquery that linq2db writes as a conditional aggregate over the whole tag table: on PostgreSQL
/// <c>(SELECT STRING_AGG(t1.tag, ';') FILTER (WHERE t1.ordering_id = x_1."Ordering") FROM tags t1)</c>, on SQLite
/// <c>(SELECT GROUP_CONCAT(CASE WHEN [t1].[ordering_id] = [x_1].[Ordering] THEN [t1].[tag] ELSE NULL END, ';') FROM [tags] [t1])</c>.
/// Neither can use an index, so every returned event scanned the whole tag table: reading the journal cost the size of the
/// history per event, a season's read model catch-up was quadratic, and each live event the projection applied got slower
/// as seasons piled up. The same aggregate with the condition as the subquery's WHERE has the same result (the event's
/// tags, NULL when it has none) and reads only the event's own rows, by the tag table's primary key (ordering_id, tag).
/// </summary>
public sealed partial class TagQueryRewrite : CommandInterceptor
{
    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        command.CommandText = Rewrite(command.CommandText);
        return command;
    }

    /// <summary>The statement with each conditional tag aggregate turned into a plain aggregate over the rows its condition selects.</summary>
    public static string Rewrite(string sql)
    {
        if (sql.Contains("FILTER", StringComparison.Ordinal))
            sql = FilteredAggregate().Replace(sql, "${aggregate} FROM ${table} WHERE ${condition}");
        if (sql.Contains("GROUP_CONCAT(CASE", StringComparison.Ordinal))
            sql = CaseAggregate().Replace(sql, "GROUP_CONCAT(${value}, ${separator}) FROM ${table} WHERE ${condition}");
        return sql;
    }

    [GeneratedRegex(@"(?<aggregate>STRING_AGG\([^()]*\))\s+FILTER\s*\(\s*WHERE\s+(?<condition>[^()]*?)\s*\)\s+FROM\s+(?<table>[^\s()]+\s+[^\s()]+)(?=\s*\))")]
    private static partial Regex FilteredAggregate();

    [GeneratedRegex(@"GROUP_CONCAT\(CASE\s+WHEN\s+(?<condition>[^()]*?)\s+THEN\s+(?<value>[^\s()]+)\s+ELSE\s+NULL\s+END,\s*(?<separator>'[^']*')\)\s+FROM\s+(?<table>[^\s()]+\s+[^\s()]+)(?=\s*\))")]
    private static partial Regex CaseAggregate();
}
