using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// §2 and §4.5: <c>POST /api/v1/sync</c> on the whole app (test server): idempotent, monotonic upserts in one transaction per
/// batch; malformed, truncated, invalid and oversized batches get 400/413 and store nothing; tokens are scoped.
/// </summary>
[Collection(RelayWebCollection.Name)]
public sealed class SyncApiTests(RelayWebFactory factory)
{
    private static readonly DateTime s_start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Sync_ValidBatch_StoredUnderTheAgentAcknowledgedAndAgentRegistered()
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        var records = Enumerable.Range(1, 10).Select(i => Record(i, Guid.CreateVersion7(), bytesUp: i * 10, closed: true)).ToArray();

        // Act
        var response = await client.PostJsonAsync("/api/v1/sync", Batch(agentId, records));
        var agents = await (await client.GetWithTimeoutAsync("/api/v1/agents")).ReadJsonAsync<List<AgentDto>>();
        var listed = await (await client.GetWithTimeoutAsync($"/api/v1/connections?agent={agentId}")).ReadJsonElementAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync<SyncResponse>();
        Assert.Equal(10, body.AcknowledgedSeq);
        Assert.Equal(10, body.Stored);
        Assert.NotNull(body.Assignment);
        Assert.Empty(body.Assignment!.Relays);
        var agent = Assert.Single(agents, a => a.Id == agentId);
        Assert.Equal(AgentDto.Online, agent.Status);
        Assert.Equal("eu-test", agent.Region);
        Assert.Equal(10, agent.LastAckedSeq);
        Assert.Equal(10, listed.GetProperty("total").GetInt32());
        Assert.Equal(550, (await ReadAsync(agentId)).Sum(r => r.BytesUp));
    }

    [Fact]
    public async Task Sync_SameBatchTwice_ExactlyOneCopyOfEachRecord()
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        var batch = Batch(agentId, Enumerable.Range(1, 50).Select(i => Record(i, Guid.CreateVersion7(), bytesUp: i, closed: true)).ToArray());

        // Act
        var first = await client.PostJsonAsync("/api/v1/sync", batch);
        var second = await client.PostJsonAsync("/api/v1/sync", batch);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var rows = await ReadAsync(agentId);
        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(1, 50).Sum(), rows.Sum(r => r.BytesUp));
    }

    [Fact]
    public async Task Sync_RecordAgainWithLargerCounters_Updated_ButCountersNeverGoDownAndClosedNeverReopens()
    {
        // Arrange: an open connection synced, then synced again with more bytes, then closed, then an old open copy again.
        var agentId = NewAgentId();
        var id = Guid.CreateVersion7();
        using var client = factory.CreateAdminClient();

        // Act
        var responses = new List<HttpResponseMessage>
        {
            await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(1, id, bytesUp: 100, closed: false))),
            await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(2, id, bytesUp: 500, closed: false))),
            await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(3, id, bytesUp: 900, closed: true))),
            await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(2, id, bytesUp: 500, closed: false))),
        };

        // Assert
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var row = Assert.Single(await ReadAsync(agentId));
        Assert.Equal(900, row.BytesUp);
        Assert.False(row.IsOpen);
        Assert.Equal("client_closed", row.CloseReason);
    }

    [Theory]
    [InlineData("{\"agentId\":\"x\",\"records\":[{\"seq\":1,", "Malformed JSON")]
    [InlineData("{\"agentId\":\"AGENT\",\"records\":[{\"seq\":\"one\"}]}", "records[0].seq")]
    [InlineData("not json at all", "Malformed JSON")]
    [InlineData("", "")]
    public async Task Sync_MalformedOrTruncatedBody_400AndNothingStored(string body, string expected)
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        using var content = new StringContent(body.Replace("AGENT", agentId, StringComparison.Ordinal), Encoding.UTF8, "application/json");

        // Act
        var response = await client.PostAsync("/api/v1/sync", content).WaitAsync(TestTimeouts.Default);
        var health = await client.GetWithTimeoutAsync("/api/v1/health");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ReadAsync(agentId));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Sync_OneInvalidRecordInABatch_400NamingTheFieldsAndNothingStored()
    {
        // Arrange: 20 good records and one with a negative counter, an end before its start and no relay.
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        var records = Enumerable.Range(1, 20).Select(i => (object)Record(i, Guid.CreateVersion7(), bytesUp: 1, closed: true)).ToList();
        records.Insert(7, new { seq = 99, id = Guid.CreateVersion7(), network = "tcp", source = "10.0.0.1:1", listen = "0.0.0.0:80",
            start = s_start, end = s_start.AddSeconds(-5), bytesUp = -3, bytesDown = 0, closeReason = "client_closed" });

        // Act
        var response = await client.PostJsonAsync("/api/v1/sync", new { agentId, records });
        var problem = await response.ReadJsonElementAsync();

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("records[7].bytesUp", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("records[7].end", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("records[7].relayId", out _), problem.ToString());
        Assert.Empty(await ReadAsync(agentId));
    }

    [Fact]
    public async Task Sync_TooManyRecords_413AndNothingStored()
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        var records = Enumerable.Range(1, 5001).Select(i => Record(i, Guid.CreateVersion7(), bytesUp: 1, closed: true)).ToArray();

        // Act
        var response = await client.PostJsonAsync("/api/v1/sync", Batch(agentId, records));

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await ReadAsync(agentId));
    }

    [Fact]
    public async Task Sync_BodyOverTheSyncLimit_413BeforeReading()
    {
        // Arrange: a body of 17 MiB (the limit is 16 MiB).
        using var client = factory.CreateAdminClient();
        using var content = new ByteArrayContent(new byte[17 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // Act
        var response = await client.PostAsync("/api/v1/sync", content).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sync_AgentTokenBoundToAnotherAgent_403AndNothingStored()
    {
        // Arrange
        var agentId = NewAgentId();
        var token = await CreateAgentTokenAsync("other-agent");
        using var client = factory.CreateApiClient(token);

        // Act
        var response = await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(1, Guid.CreateVersion7(), 1, closed: true)));

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await ReadAsync(agentId));
    }

    [Fact]
    public async Task AgentToken_SyncsAsItsAgent_ButGets403EverywhereElse()
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateApiClient(await CreateAgentTokenAsync(agentId));

        // Act
        var sync = await client.PostJsonAsync("/api/v1/sync", Batch(agentId, Record(1, Guid.CreateVersion7(), 1, closed: true)));
        var relays = await client.GetWithTimeoutAsync("/api/v1/relays");
        var connections = await client.GetWithTimeoutAsync("/api/v1/connections");
        var agents = await client.GetWithTimeoutAsync("/api/v1/agents");
        var tokens = await client.GetWithTimeoutAsync("/api/v1/tokens");

        // Assert
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.All([relays, connections, agents, tokens], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task Sync_ReadOnlyTokenOrNoToken_403Or401()
    {
        // Arrange
        var agentId = NewAgentId();
        using var readOnly = factory.CreateApiClient(factory.ReadOnlyToken);
        using var anonymous = factory.CreateApiClient(token: null);
        var batch = Batch(agentId, Record(1, Guid.CreateVersion7(), 1, closed: true));

        // Act
        var forbidden = await readOnly.PostJsonAsync("/api/v1/sync", batch);
        var unauthorized = await anonymous.PostJsonAsync("/api/v1/sync", batch);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Empty(await ReadAsync(agentId));
    }

    [Fact]
    public async Task Sync_AsTheMastersOwnAgentId_409()
    {
        // Arrange
        using var client = factory.CreateAdminClient();

        // Act
        var response = await client.PostJsonAsync("/api/v1/sync", Batch("local", Record(1, Guid.CreateVersion7(), 1, closed: true)));

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Sync_RelayAssignedToTheAgent_SentUntilTheAgentReportsItsRevision()
    {
        // Arrange
        var agentId = NewAgentId();
        using var client = factory.CreateAdminClient();
        var created = await client.PostJsonAsync("/api/v1/relays",
            new { name = "assigned-" + agentId, protocol = "tcp", listen = "127.0.0.1:0", targets = new[] { "127.0.0.1:9" }, agentId });
        var relay = await created.ReadJsonAsync<RelayDto>();

        // Act
        var first = await (await client.PostJsonAsync("/api/v1/sync", Batch(agentId))).ReadJsonAsync<SyncResponse>();
        var second = await (await client.PostJsonAsync("/api/v1/sync", Batch(agentId, revision: first.Assignment!.Revision))).ReadJsonAsync<SyncResponse>();
        var localRelays = factory.Services.GetRequiredService<RelayEngine.Model.IRelayStateLookup>().GetRelays();
        await client.DeleteWithTimeoutAsync($"/api/v1/relays/{relay.Id}");
        var third = await (await client.PostJsonAsync("/api/v1/sync", Batch(agentId, revision: first.Assignment.Revision))).ReadJsonAsync<SyncResponse>();

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(agentId, relay.AgentId);
        Assert.Equal([relay.Id], first.Assignment.Relays.Select(r => r.Id));
        Assert.Null(first.AcknowledgedSeq);
        Assert.Null(second.Assignment);
        Assert.DoesNotContain(localRelays, r => r.RelayId == relay.Id);
        Assert.NotNull(third.Assignment);
        Assert.Empty(third.Assignment!.Relays);
    }

    [Fact]
    public async Task OpenApi_DocumentsSyncAgentsAndTheRelaysAgentId()
    {
        // Arrange
        using var client = factory.CreateApiClient(token: null);

        // Act
        var document = await (await client.GetWithTimeoutAsync("/openapi/v1.json")).ReadJsonElementAsync();

        // Assert
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/sync", out var sync));
        Assert.Contains("acknowledgedSeq", sync.GetProperty("post").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(paths.TryGetProperty("/api/v1/agents", out _));
        Assert.True(paths.TryGetProperty("/api/v1/agents/{id}", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("SyncRequest").GetProperty("properties").TryGetProperty("records", out _));
        Assert.True(schemas.GetProperty("RelayRequest").GetProperty("properties").TryGetProperty("agentId", out _));
    }

    private static string NewAgentId() => "agent-" + Guid.NewGuid().ToString("N")[..10];

    private static object Batch(string agentId, params object[] records) => Batch(agentId, null, records);

    private static object Batch(string agentId, string? revision, params object[] records) => new
    {
        agentId,
        records,
        heartbeat = new { version = "0.1.0", uptimeSeconds = 5, backlog = records.Length, region = "eu-test", syncIntervalSeconds = 60 },
        assignmentRevision = revision,
    };

    private static object Record(long seq, Guid id, long bytesUp, bool closed) => new
    {
        seq,
        id,
        relayId = "r1",
        network = "tcp",
        source = "10.0.0.1:5000",
        listen = "0.0.0.0:80",
        target = "10.0.0.2:80",
        start = s_start,
        end = closed ? s_start.AddSeconds(2) : (DateTime?)null,
        bytesUp,
        bytesDown = bytesUp * 2,
        closeReason = closed ? "client_closed" : null,
    };

    private async Task<string> CreateAgentTokenAsync(string agentId)
    {
        var result = await factory.Services.GetRequiredService<IApiTokenService>()
            .CreateAsync("agent-token-" + Guid.NewGuid().ToString("N")[..8], RelayScopes.Agent, "test", agentId: agentId).WaitAsync(TestTimeouts.Default);
        return result.Secret!;
    }

    private async Task<List<RelayData.Entities.Connection>> ReadAsync(string agentId)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Connections.AsNoTracking().Where(c => c.AgentId == agentId).ToListAsync();
    }
}
