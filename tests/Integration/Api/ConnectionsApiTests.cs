using System.Net;
using RelayWeb.Api.Contracts;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class ConnectionsApiTests(RelayWebFactory factory)
{
    [Fact]
    public async Task DeleteConnection_Open_ClosesTheSocketThenSecondDeleteIs409()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("kill"), echo.Address);
        await using var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!);
        Assert.Equal("ping", await tcp.EchoAsync("ping"));
        var open = await Eventually.GetAsync(
            () => ListAsync(client, $"relay={relay.Id}&state=open"), page => page.Total == 1, "the open connection in the ledger");
        var connection = open.Items[0];
        Assert.Equal("open", connection.State);
        Assert.Null(connection.CloseReason);

        // Act
        var delete = await client.DeleteWithTimeoutAsync($"/api/v1/connections/{connection.Id}");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.True(await tcp.WaitForCloseAsync(), "the client should see EOF or a reset");
        var closed = await Eventually.GetAsync(
            async () => await (await client.GetWithTimeoutAsync($"/api/v1/connections/{connection.Id}")).ReadJsonAsync<ConnectionDto>(),
            c => c.State == "closed", "the connection to be recorded closed");
        Assert.Equal(RelayEngine.Connections.CloseReason.ClosedByAdmin, closed.CloseReason);
        var again = await client.DeleteWithTimeoutAsync($"/api/v1/connections/{connection.Id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already closed", (await again.ReadJsonElementAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task DeleteConnection_Unknown_Returns404()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.DeleteWithTimeoutAsync($"/api/v1/connections/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/connections/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ListConnections_FiltersPagingAndTotal()
    {
        // Arrange: three finished connections through one relay
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("list"), echo.Address);
        var sources = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!);
            sources.Add(tcp.LocalEndPoint.ToString());
            Assert.Equal($"m{i}", await tcp.EchoAsync($"m{i}"));
        }
        await Eventually.GetAsync(() => ListAsync(client, $"relay={relay.Id}&state=closed"), p => p.Total == 3, "three closed connections");

        // Act
        var firstPage = await ListAsync(client, $"relay={relay.Id}&limit=2&sort=start&order=asc");
        var secondPage = await ListAsync(client, $"relay={relay.Id}&limit=2&offset=2&sort=start&order=asc");
        var bySource = await ListAsync(client, $"relay={relay.Id}&source={Uri.EscapeDataString(sources[1])}");
        var openOnly = await ListAsync(client, $"relay={relay.Id}&state=open");
        var future = await ListAsync(client, $"relay={relay.Id}&since={Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"))}");

        // Assert
        Assert.Equal(3, firstPage.Total);
        Assert.Equal(2, firstPage.Items.Count);
        Assert.Single(secondPage.Items);
        Assert.Equal(3, secondPage.Total);
        Assert.True(firstPage.Items[0].Start <= firstPage.Items[1].Start);
        Assert.Equal(3, firstPage.Items.Concat(secondPage.Items).Select(c => c.Id).Distinct().Count());
        var one = Assert.Single(bySource.Items);
        Assert.Equal(sources[1], one.Source);
        Assert.Equal(echo.Address, one.Target);
        Assert.Equal(2, one.BytesUp);
        Assert.Equal(2, one.BytesDown);
        Assert.Equal(RelayEngine.Connections.CloseReason.ClientClosed, one.CloseReason);
        Assert.Equal(0, openOnly.Total);
        Assert.Equal(0, future.Total);
    }

    [Theory]
    [InlineData("state=maybe", "state")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("since=yesterday", "since")]
    [InlineData("sort=color", "sort")]
    [InlineData("order=up", "order")]
    public async Task ListConnections_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var client = factory.CreateAdminClient();

        var response = await client.GetWithTimeoutAsync($"/api/v1/connections?{query}");
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ExportCsv_FilteredByRelay_HasHeaderAndOneQuotedSafeRowPerConnection()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("csv"), echo.Address);
        for (var i = 0; i < 2; i++)
        {
            await using var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!);
            Assert.Equal("csv", await tcp.EchoAsync("csv"));
        }
        await Eventually.GetAsync(() => ListAsync(client, $"relay={relay.Id}&state=closed"), p => p.Total == 2, "two closed connections");

        // Act
        var response = await client.GetWithTimeoutAsync($"/api/v1/connections/export.csv?relay={relay.Id}");
        var text = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("id,agentId,relayId,network,source,listen,target,start,end,durationMs,bytesUp,bytesDown,closeReason,state,host,process,chains,rule,rulePayload", lines[0]);
        Assert.Equal(3, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(RelayWeb.Api.ConnectionCsvWriter.Header.Length, cells.Length);
            Assert.Equal(relay.Id, cells[2]);
            Assert.Equal("tcp", cells[3]);
            Assert.Equal(echo.Address, cells[6]);
            Assert.Equal("3", cells[10]);
            Assert.Equal("client_closed", cells[12]);
            Assert.Equal("closed", cells[13]);
        }
    }

    [Fact]
    public async Task ExportCsv_ReadOnlyToken_IsAllowed()
    {
        using var client = factory.CreateApiClient(factory.ReadOnlyToken);

        var response = await client.GetWithTimeoutAsync("/api/v1/connections/export.csv?state=closed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<ConnectionListDto> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetWithTimeoutAsync($"/api/v1/connections?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync<ConnectionListDto>();
    }
}
