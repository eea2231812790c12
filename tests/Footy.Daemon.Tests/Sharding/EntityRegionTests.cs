using System.Reflection;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Sharding;

namespace Footy.Daemon.Tests.Sharding;

/// <summary>A message reaches only the region of its own kind of entity: the compiler refuses the others.</summary>
public sealed class EntityRegionTests
{
    private static readonly Type[] EntityMessages = typeof(IEntityMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEntityMessage).IsAssignableFrom(t))
        .ToArray();

    private static Type[] MessagesOf<TMarker>() => EntityMessages.Where(typeof(TMarker).IsAssignableFrom).ToArray();

    [Fact]
    public void Every_entity_message_belongs_to_exactly_one_region()
    {
        Assert.NotEmpty(MessagesOf<IGoalMessage>());
        Assert.NotEmpty(MessagesOf<IFixtureMessage>());
        Assert.All(EntityMessages, message => Assert.Single(
            new[] { typeof(IGoalMessage), typeof(IFixtureMessage) }, marker => marker.IsAssignableFrom(message)));
    }

    [Fact]
    public void The_fixture_region_takes_fixture_messages_and_no_goal_message()
    {
        AssertRegionTakesOnly<IFixtureMessage>(MessagesOf<IGoalMessage>());
    }

    [Fact]
    public void The_goal_region_takes_goal_messages_and_no_fixture_message()
    {
        AssertRegionTakesOnly<IGoalMessage>(MessagesOf<IFixtureMessage>());
    }

    private static void AssertRegionTakesOnly<TMessage>(Type[] foreign) where TMessage : IEntityMessage
    {
        var sends = typeof(EntityRegion<TMessage>).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name is nameof(EntityRegion<TMessage>.Tell) or nameof(EntityRegion<TMessage>.Ask))
            .ToList();
        Assert.Equal(2, sends.Count);
        var messageParameters = sends.SelectMany(m => m.GetParameters()).Where(p => !p.ParameterType.IsValueType).ToList();
        Assert.All(MessagesOf<TMessage>(), own => Assert.All(sends, send =>
            Assert.Contains(send.GetParameters(), p => p.ParameterType.IsAssignableFrom(own))));
        Assert.All(foreign, message => Assert.DoesNotContain(messageParameters, p => p.ParameterType.IsAssignableFrom(message)));
    }
}
