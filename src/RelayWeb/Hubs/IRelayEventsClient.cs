using RelayWeb.Api.Contracts;

namespace RelayWeb.Hubs;

/// <summary>
/// Messages <see cref="RelayEventsHub"/> sends. To everyone: <c>RelayChanged</c>, <c>RelayRemoved</c> and <c>Traffic</c> (node
/// totals, once a second). To the group <c>relay:{id}</c> (join with <c>JoinRelay(id)</c>, or <c>JoinRelay("*")</c> for every
/// relay): <c>ConnectionOpened</c> and <c>ConnectionClosed</c>.
/// </summary>
public interface IRelayEventsClient
{
    Task RelayChanged(RelayStateDto relay);

    Task RelayRemoved(RelayRemovedDto relay);

    Task ConnectionOpened(ConnectionDto connection);

    Task ConnectionClosed(ConnectionDto connection);

    Task Traffic(TrafficDto traffic);
}
