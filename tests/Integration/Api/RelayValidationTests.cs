using System.Net;
using System.Text;
using System.Text.Json;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>Every bad request is a problem+json response that names what is wrong and, where there is one, the field.</summary>
[Collection(RelayWebCollection.Name)]
public sealed class RelayValidationTests(RelayWebFactory factory)
{
    private const string Target = "127.0.0.1:9";

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"name":"v1","listen":"not-an-address","targets":["127.0.0.1:9"]}""", "listen" },
        { """{"name":"v2","listen":"127.0.0.1:70000","targets":["127.0.0.1:9"]}""", "listen" },
        { """{"name":"v3","listen":"example.com:80","targets":["127.0.0.1:9"]}""", "listen" },
        { """{"name":"v4","targets":["127.0.0.1:9"]}""", "listen" },
        { """{"name":"v5","listen":"127.0.0.1:0","targets":["no-port"]}""", "targets[0]" },
        { """{"name":"v6","listen":"127.0.0.1:0","targets":["127.0.0.1:9","127.0.0.1:0"]}""", "targets[1]" },
        { """{"name":"v7","listen":"127.0.0.1:0","targets":[]}""", "targets" },
        { """{"name":"v8","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"strategy":"fastest"}""", "strategy" },
        { """{"name":"v9","protocol":"sctp","listen":"127.0.0.1:0","targets":["127.0.0.1:9"]}""", "protocol" },
        { """{"name":"v10","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"strategy":"all"}""", "strategy" },
        { $$"""{"name":"{{new string('n', 101)}}","listen":"127.0.0.1:0","targets":["127.0.0.1:9"]}""", "name" },
        { """{"name":"v12","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"connectTimeoutMs":0}""", "connectTimeoutMs" },
        { """{"name":"v13","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"maxConnections":-1}""", "maxConnections" },
        { """{"name":"v14","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"maxConnections":"ten"}""", "maxConnections" },
        { """{"name":"v15","listen":"127.0.0.1:0","targets":"127.0.0.1:9"}""", "targets" },
        { """{"name":"v16","listen":"127.0.0.1:0","targets":["127.0.0.1:9"],"enabled":"yes"}""", "enabled" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateRelay_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var client = factory.CreateAdminClient();

        var response = await PostRawAsync(client, "/api/v1/relays", body);
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task CreateRelay_SeveralInvalidFields_ReportsAllOfThem()
    {
        using var client = factory.CreateAdminClient();

        var response = await PostRawAsync(client, "/api/v1/relays", """{"protocol":"xyz","listen":"1.2.3","targets":["bad"],"strategy":"nope"}""");
        var errors = (await response.ReadJsonElementAsync()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "protocol", "listen", "targets[0]", "strategy" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
        }
    }

    [Theory]
    [InlineData("""{"name": """)]
    [InlineData("""{"name": "x", }""")]
    [InlineData("not json at all")]
    public async Task CreateRelay_MalformedJson_Returns400ProblemSayingWhy(string body)
    {
        using var client = factory.CreateAdminClient();

        var response = await PostRawAsync(client, "/api/v1/relays", body);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        var problem = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", text); // no stack trace
    }

    [Fact]
    public async Task CreateRelay_EmptyBody_Returns400Problem()
    {
        using var client = factory.CreateAdminClient();

        var response = await PostRawAsync(client, "/api/v1/relays", "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateRelay_OversizedBody_Returns413Problem()
    {
        using var client = factory.CreateAdminClient();
        var huge = new string('x', 100_000); // the factory sets MaxRequestBodyBytes to 64 KiB

        var response = await PostRawAsync(client, "/api/v1/relays", $$"""{"name":"{{huge}}","listen":"127.0.0.1:0","targets":["{{Target}}"]}""");
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task CreateRelay_OversizedChunkedBody_Returns413Problem()
    {
        using var client = factory.CreateAdminClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 100_000) + "{}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/relays") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateRelay_WrongMediaType_Returns415Problem()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.PostAsync("/api/v1/relays", new StringContent("name=web", Encoding.UTF8, "text/plain")).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetRelay_Unknown_Returns404Problem()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.GetWithTimeoutAsync("/api/v1/relays/does-not-exist");
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Relay not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task UpdateRelay_InvalidBody_Returns400AndKeepsTheRelay()
    {
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("keep"), echo.Address);

        var response = await client.PutJsonAsync($"/api/v1/relays/{relay.Id}", new { listen = "127.0.0.1:0", targets = new[] { "::bad" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var current = await (await client.GetWithTimeoutAsync($"/api/v1/relays/{relay.Id}")).ReadJsonAsync<RelayWeb.Api.Contracts.RelayDto>();
        Assert.Equal([echo.Address], current.Targets);
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        using var client = factory.CreateAdminClient();

        var response = await client.GetWithTimeoutAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Default);
}
