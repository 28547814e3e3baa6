using System.Net;
using System.Net.Sockets;
using RelayEngine.Model;
using RelayWeb.Api.Contracts;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class RelaysApiTests(RelayWebFactory factory)
{
    [Fact]
    public async Task CreateRelay_EchoTarget_CarriesTrafficAndShowsRunning()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();

        // Act
        var response = await client.PostJsonAsync("/api/v1/relays", new
        {
            name = ApiClientExtensions.UniqueName("web"), protocol = "tcp", listen = "127.0.0.1:0", targets = new[] { echo.Address },
            strategy = "failover", connectTimeoutMs = 2000, idleTimeoutMs = 60000, maxConnections = 10, enabled = true,
        });
        var relay = await response.ReadJsonAsync<RelayDto>();

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/relays/{relay.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(RelayStatus.Running, relay.State);
        Assert.Null(relay.StateReason);
        Assert.NotNull(relay.BoundEndpoint);
        Assert.Equal(2000, relay.ConnectTimeoutMs);
        Assert.Equal(10, relay.MaxConnections);
        await using var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!);
        Assert.Equal("hello through the relay", await tcp.EchoAsync("hello through the relay"));
        Assert.Equal(1, echo.AcceptedCount);
    }

    [Fact]
    public async Task CreateRelay_Json_UsesWordsForEnums()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();

        // Act
        var response = await client.PostJsonAsync("/api/v1/relays", new { name = ApiClientExtensions.UniqueName("rr"), listen = "127.0.0.1:0", targets = new[] { echo.Address }, strategy = "round-robin" });
        var json = await response.ReadJsonElementAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("tcp", json.GetProperty("protocol").GetString());
        Assert.Equal("round-robin", json.GetProperty("strategy").GetString());
        Assert.Equal("Running", json.GetProperty("state").GetString());
        foreach (var field in new[] { "id", "name", "listen", "targets", "enabled", "stateReason", "boundEndpoint", "activeConnections", "totalConnections", "refusedConnections", "failedConnections", "bytesUp", "bytesDown", "startedUtc" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"missing field {field}");
        }
    }

    [Fact]
    public async Task GetListUpdateDelete_Relay_RoundTrips()
    {
        // Arrange
        await using var first = new LoopbackEchoServer();
        await using var second = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("crud"), first.Address);

        // Act + Assert: get and list
        var got = await (await client.GetWithTimeoutAsync($"/api/v1/relays/{relay.Id}")).ReadJsonAsync<RelayDto>();
        Assert.Equal(relay.Name, got.Name);
        var all = await (await client.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();
        Assert.Contains(all, r => r.Id == relay.Id && r.State == RelayStatus.Running);

        // Act + Assert: update to another target; traffic goes there
        var renamed = relay.Name + "-v2";
        var put = await client.PutJsonAsync($"/api/v1/relays/{relay.Id}", new { name = renamed, listen = "127.0.0.1:0", targets = new[] { second.Address } });
        var updated = await put.ReadJsonAsync<RelayDto>();
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(renamed, updated.Name);
        Assert.Equal([second.Address], updated.Targets);
        Assert.Equal(RelayStatus.Running, updated.State);
        await using (var tcp = await TcpTestClient.ConnectAsync(updated.BoundEndpoint!))
        {
            Assert.Equal("v2", await tcp.EchoAsync("v2"));
        }
        Assert.Equal(1, second.AcceptedCount);

        // Act + Assert: delete; the port is released and the relay is gone
        var delete = await client.DeleteWithTimeoutAsync($"/api/v1/relays/{relay.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/relays/{relay.Id}")).StatusCode);
        await Assert.ThrowsAsync<SocketException>(() => TcpTestClient.ConnectAsync(updated.BoundEndpoint!));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteWithTimeoutAsync($"/api/v1/relays/{relay.Id}")).StatusCode);
    }

    [Fact]
    public async Task StopStartRestart_Relay_ChangesStateAndListening()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("life"), echo.Address);

        // Act + Assert: stop
        var stopped = await (await client.PostEmptyAsync($"/api/v1/relays/{relay.Id}/stop")).ReadJsonAsync<RelayDto>();
        Assert.Equal(RelayStatus.Stopped, stopped.State);
        Assert.False(stopped.Enabled);
        Assert.Null(stopped.BoundEndpoint);
        await Assert.ThrowsAsync<SocketException>(() => TcpTestClient.ConnectAsync(relay.BoundEndpoint!));

        // Act + Assert: start
        var started = await (await client.PostEmptyAsync($"/api/v1/relays/{relay.Id}/start")).ReadJsonAsync<RelayDto>();
        Assert.Equal(RelayStatus.Running, started.State);
        Assert.True(started.Enabled);
        await using (var tcp = await TcpTestClient.ConnectAsync(started.BoundEndpoint!))
        {
            Assert.Equal("started", await tcp.EchoAsync("started"));
        }

        // Act + Assert: restart closes open connections and listens again
        await using var open = await TcpTestClient.ConnectAsync(started.BoundEndpoint!);
        Assert.Equal("before", await open.EchoAsync("before"));
        var restartResponse = await client.PostEmptyAsync($"/api/v1/relays/{relay.Id}/restart");
        var restarted = await restartResponse.ReadJsonAsync<RelayDto>();
        Assert.Equal(HttpStatusCode.OK, restartResponse.StatusCode);
        Assert.Equal(RelayStatus.Running, restarted.State);
        Assert.True(await open.WaitForCloseAsync());
        await using (var tcp = await TcpTestClient.ConnectAsync(restarted.BoundEndpoint!))
        {
            Assert.Equal("after", await tcp.EchoAsync("after"));
        }
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("restart")]
    public async Task Action_UnknownRelay_Returns404Problem(string action)
    {
        using var client = factory.CreateAdminClient();

        var response = await client.PostEmptyAsync($"/api/v1/relays/nope-{action}/{action}");
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"nope-{action}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateRelay_PortInUse_Returns201FaultedAndOtherRelaysKeepWorking()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var healthy = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("ok"), echo.Address);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        // Act
        var response = await client.PostJsonAsync("/api/v1/relays", new { name = ApiClientExtensions.UniqueName("taken"), listen = $"127.0.0.1:{taken}", targets = new[] { echo.Address } });
        var faulted = await response.ReadJsonAsync<RelayDto>();

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(RelayStatus.Faulted, faulted.State);
        Assert.False(string.IsNullOrWhiteSpace(faulted.StateReason));
        Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), faulted.StateReason);
        await using var tcp = await TcpTestClient.ConnectAsync(healthy.BoundEndpoint!);
        Assert.Equal("still fine", await tcp.EchoAsync("still fine"));
        var listed = await (await client.GetWithTimeoutAsync($"/api/v1/relays/{faulted.Id}")).ReadJsonAsync<RelayDto>();
        Assert.Equal(RelayStatus.Faulted, listed.State);
    }

    [Fact]
    public async Task CreateRelay_DuplicateName_Returns409NamingTheField()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var name = ApiClientExtensions.UniqueName("dup");
        await client.CreateTcpRelayAsync(name, echo.Address);

        // Act: same name, other case
        var response = await client.PostJsonAsync("/api/v1/relays", new { name = name.ToUpperInvariant(), listen = "127.0.0.1:0", targets = new[] { echo.Address } });
        var problem = await response.ReadJsonElementAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }
}
