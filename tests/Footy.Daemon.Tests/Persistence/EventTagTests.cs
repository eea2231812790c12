using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>
/// What the daemon persists is readable by tag (the read model follows <c>EventsByTag</c>): every event of a goal,
/// a fixture and the live poller under its entity's tag, and nothing else under it.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class EventTagTests(JournalBackends backends, ITestOutputHelper output)
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.PostgreSql)]
    public async Task Events_of_a_replay_are_read_back_by_the_tag_of_their_entity(Backend backend)
    {
        var options = await backends.OptionsFor(backend);
        await ReplayRunner.RunAsync(Summaries.Recording("world-cup-final-2022"), options, new ReplaySettings(), TestLogging.For(output));

        var system = ActorSystem.Create("tag-reader", ConfigurationFactory.ParseString(JournalSerializer.Hocon())
            .WithFallback(JournalConfiguration.Config(JournalBackends.SameJournal(options))));
        try
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            foreach (var (tag, idPrefix) in new[] { (EntityTagger.Goal, "goal-"), (EntityTagger.Fixture, "fixture-"), (EntityTagger.Poller, LivePollerActor.PersistenceIdValue) })
            {
                var envelopes = await journal.CurrentEventsByTag(tag, Offset.NoOffset())
                    .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
                    .WaitAsync(TimeSpan.FromSeconds(30));
                output.WriteLine($"{tag}: {envelopes.Count} events");
                Assert.NotEmpty(envelopes);
                Assert.All(envelopes, e =>
                {
                    Assert.StartsWith(idPrefix, e.PersistenceId, StringComparison.Ordinal);
                    Assert.Equal(tag, EntityTagger.TagOf(e.Event));
                });
                Assert.Equal(envelopes.Select(e => ((Sequence)e.Offset).Value).Order(), envelopes.Select(e => ((Sequence)e.Offset).Value));
            }
        }
        finally
        {
            await system.Terminate();
        }
    }
}
