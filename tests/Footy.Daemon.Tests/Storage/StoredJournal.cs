using System.Text;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Microsoft.Data.Sqlite;

namespace Footy.Daemon.Tests.Storage;

/// <summary>Reads what a stopped daemon left in its SQLite journal, as the stored JSON of each event.</summary>
public static class StoredJournal
{
    /// <summary>The JSON of every persisted event whose manifest (type name) is <paramref name="manifest"/>, with its persistence id.</summary>
    public static IReadOnlyList<(string PersistenceId, string Json)> Events(FootyOptions options, string manifest)
    {
        using var connection = new SqliteConnection(JournalConfiguration.SqliteConnectionString(options));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, message FROM journal WHERE manifest = $manifest ORDER BY ordering";
        command.Parameters.AddWithValue("$manifest", manifest);
        using var reader = command.ExecuteReader();
        var events = new List<(string, string)>();
        while (reader.Read()) events.Add((reader.GetString(0), Encoding.UTF8.GetString((byte[])reader[1])));
        return events;
    }
}
