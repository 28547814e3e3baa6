using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RelayEngine.Model;
using RelayWeb.Api.Contracts;
using RelayWeb.Api.Events;
using RelayWeb.Hubs;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Hubs;

/// <summary>The broadcaster's routing, against a recording hub context: who gets which message.</summary>
[Collection(RelayWebCollection.Name)]
public sealed class EngineEventsBroadcasterTests(RelayWebFactory factory)
{
    [Fact]
    public async Task SendAsync_Connection_GoesToTheRelaysGroupAndTheAllRelaysGroup()
    {
        var hub = new RecordingHubContext();
        var broadcaster = Create(hub);
        var connection = new ConnectionDto
        {
            Id = Guid.NewGuid(), AgentId = "local", RelayId = "Web1", Network = "tcp", Source = "127.0.0.1:1", Listen = "127.0.0.1:2",
            Start = DateTime.UtcNow, State = ConnectionDto.Open,
        };

        await broadcaster.SendAsync(new EngineEventMessage(EngineEventMessage.ConnectionOpened, "Web1", connection)).WaitAsync(TestTimeouts.Default);
        await broadcaster.SendAsync(new EngineEventMessage(EngineEventMessage.ConnectionClosed, "Web1", connection with { State = ConnectionDto.Closed })).WaitAsync(TestTimeouts.Default);

        Assert.Equal(
            ["groups(relay:web1,relay:*).ConnectionOpened", "groups(relay:web1,relay:*).ConnectionClosed"],
            hub.Sent);
    }

    [Fact]
    public async Task SendAsync_RelayAndTraffic_GoToEveryone()
    {
        var hub = new RecordingHubContext();
        var broadcaster = Create(hub);

        await broadcaster.SendAsync(new EngineEventMessage(EngineEventMessage.Relay, "r", new RelayStateDto("r", "r", RelayStatus.Faulted, "port in use", null))).WaitAsync(TestTimeouts.Default);
        await broadcaster.SendAsync(new EngineEventMessage(EngineEventMessage.RelayRemoved, "r", new RelayRemovedDto("r"))).WaitAsync(TestTimeouts.Default);
        await broadcaster.SendAsync(new EngineEventMessage(EngineEventMessage.Traffic, null, new TrafficDto(null, DateTime.UtcNow, 1, 2, 3, 4))).WaitAsync(TestTimeouts.Default);

        Assert.Equal(["all.RelayChanged", "all.RelayRemoved", "all.Traffic"], hub.Sent);
    }

    private EngineEventsBroadcaster Create(RecordingHubContext hub) =>
        new(factory.Services.GetRequiredService<EngineEventFeed>(), hub, new RelayHubAudience(), TimeProvider.System, NullLogger<EngineEventsBroadcaster>.Instance);

    private sealed class RecordingHubContext : IHubContext<RelayEventsHub, IRelayEventsClient>, IHubClients<IRelayEventsClient>
    {
        public List<string> Sent { get; } = [];
        IHubClients<IRelayEventsClient> IHubContext<RelayEventsHub, IRelayEventsClient>.Clients => this;
        IGroupManager IHubContext<RelayEventsHub, IRelayEventsClient>.Groups => throw new NotSupportedException();
        public IRelayEventsClient All => new Recorder(Sent, "all");
        public IRelayEventsClient Groups(IReadOnlyList<string> groupNames) => new Recorder(Sent, $"groups({string.Join(',', groupNames)})");
        public IRelayEventsClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IRelayEventsClient Client(string connectionId) => throw new NotSupportedException();
        public IRelayEventsClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
        public IRelayEventsClient Group(string groupName) => new Recorder(Sent, $"group({groupName})");
        public IRelayEventsClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IRelayEventsClient User(string userId) => throw new NotSupportedException();
        public IRelayEventsClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class Recorder(List<string> sent, string audience) : IRelayEventsClient
    {
        public Task RelayChanged(RelayStateDto relay) => Record();
        public Task RelayRemoved(RelayRemovedDto relay) => Record();
        public Task ConnectionOpened(ConnectionDto connection) => Record();
        public Task ConnectionClosed(ConnectionDto connection) => Record();
        public Task Traffic(TrafficDto traffic) => Record();

        private Task Record([System.Runtime.CompilerServices.CallerMemberName] string message = "")
        {
            sent.Add($"{audience}.{message}");
            return Task.CompletedTask;
        }
    }
}
