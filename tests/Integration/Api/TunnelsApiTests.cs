using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayWeb.Api.Contracts;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class TunnelsApiTests(RelayWebFactory factory)
{
    [Fact]
    public async Task CreateTunnel_BothEndsOnMaster_CarriesBytesAndConnects()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var tunnelPort = FreeTcpPort();
        var publicPort = FreeTcpPort();

        // Act: server end listens for the client and (reverse flow) for users; the client end dials the echo server
        var response = await client.PostJsonAsync("/api/v1/tunnels", new
        {
            name = ApiClientExtensions.UniqueName("tun"),
            flow = "reverse",
            tls = 1,
            minPool = 2,
            maxPool = 8,
            server = new { address = $"127.0.0.1:{tunnelPort}", targets = new[] { $"127.0.0.1:{publicPort}" } },
            client = new { address = $"127.0.0.1:{tunnelPort}", targets = new[] { echo.Address } },
        });
        var created = await response.ReadJsonAsync<TunnelDto>();

        // Assert: created with a generated key, shown this once
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/tunnels/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(32, created.Key.Length);
        var connected = await Eventually.GetAsync(
            async () => await (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{created.Id}")).ReadJsonAsync<TunnelDto>(),
            t => t.Server?.Status == "Connected" && t.Client?.Status == "Connected" && t.Client.PoolIdle > 0,
            "both tunnel ends connected with a filled pool");
        Assert.Equal("***", connected.Key);
        Assert.Equal($"{created.Id}:server", connected.Server!.LedgerRelayId);

        await using (var tcp = await TcpTestClient.ConnectAsync($"127.0.0.1:{publicPort}"))
        {
            Assert.Equal("through the tunnel", await tcp.EchoAsync("through the tunnel"));
        }
        Assert.Equal(1, echo.AcceptedCount);
        await Eventually.GetAsync(
            async () => await (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{created.Id}")).ReadJsonAsync<TunnelDto>(),
            t => t.Server!.BytesUp >= "through the tunnel".Length && t.Server.TotalConnections == 1 && t.Client!.PingMs is not null,
            "the server end counted the connection and its bytes; the first heartbeat measured the ping");

        // and the key is stored (so the master can hand it to both ends), the audit entry never has it
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>().CreateDbContextAsync();
        Assert.Equal(created.Key, (await db.Tunnels.SingleAsync(t => t.TunnelId == created.Id)).Secret);
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "tunnel.create" && a.Target == created.Id);
        Assert.DoesNotContain(created.Key, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTunnel_Invalid_Returns400WithEveryField()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.PostJsonAsync("/api/v1/tunnels", new
        {
            flow = "sideways",
            tls = 7,
            server = new { address = "nowhere", targets = Array.Empty<string>() },
            client = new { address = "", targets = new[] { "x" } },
        });
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "flow", "tls", "server.tunnelAddress", "server.targets", "client.tunnelAddress", "client.targets[0]" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task CreateTunnel_NoEnds_Returns400()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.PostJsonAsync("/api/v1/tunnels", new { name = ApiClientExtensions.UniqueName("none") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonElementAsync()).GetProperty("errors").TryGetProperty("server", out _));
    }

    [Fact]
    public async Task StopStartDelete_Tunnel_AppliesAndAudits()
    {
        // Arrange
        using var client = factory.CreateAdminClient();
        var created = await (await client.PostJsonAsync("/api/v1/tunnels", new
        {
            name = ApiClientExtensions.UniqueName("life"),
            key = "a-given-key-of-some-length",
            server = new { address = "127.0.0.1:0", targets = new[] { "127.0.0.1:9" } },
        })).ReadJsonAsync<TunnelDto>();
        Assert.Equal("a-given-key-of-some-length", created.Key);

        // Act + Assert
        var stopped = await (await client.PostEmptyAsync($"/api/v1/tunnels/{created.Id}/stop")).ReadJsonAsync<TunnelDto>();
        Assert.False(stopped.Enabled);
        Assert.Equal("Stopped", stopped.Server!.Status);
        var started = await (await client.PostEmptyAsync($"/api/v1/tunnels/{created.Id}/start")).ReadJsonAsync<TunnelDto>();
        Assert.True(started.Enabled);
        Assert.NotEqual("Stopped", started.Server!.Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithTimeoutAsync($"/api/v1/tunnels/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{created.Id}")).StatusCode);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditLog.Where(a => a.Target == created.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["tunnel.create", "tunnel.stop", "tunnel.start", "tunnel.delete"], actions);
    }

    private static int FreeTcpPort() => RelayBinary.FreeTcpPort();
}
