using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class AuthTests(RelayWebFactory factory)
{
    [Theory]
    [InlineData("/api/v1/relays")]
    [InlineData("/api/v1/connections")]
    [InlineData("/api/v1/tokens")]
    [InlineData("/api/v1/events")]
    public async Task Api_NoCredentials_Returns401NotRedirect(string path)
    {
        using var client = factory.CreateApiClient(token: null);

        var response = await client.GetWithTimeoutAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_WrongToken_Returns401()
    {
        using var client = factory.CreateApiClient(ApiTokenSecrets.Generate());

        var response = await client.GetWithTimeoutAsync("/api/v1/relays");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Api_ConfiguredAdminToken_WorksAsBearerAndApiKey(bool apiKeyHeader)
    {
        using var client = factory.CreateApiClient(factory.AdminToken, apiKeyHeader);

        var response = await client.GetWithTimeoutAsync("/api/v1/relays");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_ReadOnlyToken_ReadsButCannotWrite()
    {
        using var client = factory.CreateApiClient(factory.ReadOnlyToken, useApiKeyHeader: true);

        var get = await client.GetWithTimeoutAsync("/api/v1/relays");
        var post = await client.PostJsonAsync("/api/v1/relays", new { name = "ro", listen = "127.0.0.1:0", targets = new[] { "127.0.0.1:9" } });
        var tokens = await client.GetWithTimeoutAsync("/api/v1/tokens");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, tokens.StatusCode);
    }

    [Fact]
    public async Task Api_AgentToken_IsForbiddenEverywhere()
    {
        using var admin = factory.CreateAdminClient();
        var created = await (await admin.PostJsonAsync("/api/v1/tokens", new { name = ApiClientExtensions.UniqueName("agent"), scope = "agent" })).ReadJsonAsync<CreatedApiTokenDto>();
        using var agent = factory.CreateApiClient(created.Secret);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetWithTimeoutAsync("/api/v1/connections")).StatusCode);
    }

    [Fact]
    public async Task Tokens_CreateListRevoke_SecretShownOnceAndRevokedTokenGets401()
    {
        // Arrange
        using var admin = factory.CreateAdminClient();
        var name = ApiClientExtensions.UniqueName("script");

        // Act: create
        var createResponse = await admin.PostJsonAsync("/api/v1/tokens", new { name, scope = "read-only" });
        var created = await createResponse.ReadJsonAsync<CreatedApiTokenDto>();

        // Assert: the secret works and is never listed
        Assert.Equal(HttpStatusCode.Created, createResponse.StatusCode);
        Assert.Matches("^rly_[0-9A-Za-z]{32}$", created.Secret);
        Assert.StartsWith(created.Token.Prefix, created.Secret, StringComparison.Ordinal);
        using var script = factory.CreateApiClient(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
        var listText = await (await admin.GetWithTimeoutAsync("/api/v1/tokens")).Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        Assert.Contains(name, listText);
        Assert.DoesNotContain(created.Secret, listText);
        Assert.DoesNotContain(ApiTokenSecrets.Hash(created.Secret), listText);
        var listed = System.Text.Json.JsonSerializer.Deserialize<List<ApiTokenDto>>(listText, RelayWeb.Api.RelayJson.Options)!.Single(t => t.Id == created.Token.Id);
        Assert.NotNull(listed.LastUsedUtc);

        // Act + Assert: revoke
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteWithTimeoutAsync($"/api/v1/tokens/{created.Token.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteWithTimeoutAsync("/api/v1/tokens/unknown")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"","scope":"admin"}""", "name")]
    [InlineData("""{"name":"x","scope":"root"}""", "scope")]
    public async Task Tokens_CreateInvalid_Returns400NamingTheField(string body, string field)
    {
        using var admin = factory.CreateAdminClient();

        var response = await admin.PostAsync("/api/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Default);
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Login_RightPassword_SetsCookieThatWorksForApiReads()
    {
        // Arrange
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        // Act
        var response = await LoginForm.PostAsync(factory, browser, "admin", RelayWebFactory.AdminPassword, "/relays?x=1");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/relays?x=1", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetWithTimeoutAsync("/api/v1/connections/export.csv")).StatusCode);

        // Act + Assert: logout ends the session
        var logout = await browser.PostEmptyAsync("/account/logout");
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Login_ForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var response = await LoginForm.PostAsync(factory, browser, "admin", RelayWebFactory.AdminPassword, returnUrl);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_WrongPassword_RedirectsToLoginWithError()
    {
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var response = await LoginForm.PostAsync(factory, browser, "nobody-" + Guid.NewGuid().ToString("N")[..6], "wrong", "/connections");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?error=invalid&returnUrl=%2Fconnections", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_RedirectsWithExpired()
    {
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin",
            ["password"] = RelayWebFactory.AdminPassword,
        })).WaitAsync(TestTimeouts.Default);

        Assert.Equal("/login?error=expired", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CurrentActor_Token_IsNamedInTheAuditLog()
    {
        using var admin = factory.CreateAdminClient();
        await using var echo = new LoopbackEchoServer();

        var relay = await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("audited"), echo.Address);

        var dbFactory = factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RelayData.RelayDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync().WaitAsync(TestTimeouts.Default);
        var entry = db.AuditLog.Single(a => a.Target == relay.Id && a.Action == "relay.create");
        Assert.Equal("token:api-token", entry.Actor);
    }
}
