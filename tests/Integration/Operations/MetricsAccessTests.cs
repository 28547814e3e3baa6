using System.Net;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary>Who may scrape: anonymous only while Relay listens on loopback alone (or when allowed explicitly); a token always.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Metrics_ListeningOnAllInterfaces_AnonymousGets401AndAReadOnlyTokenGetsMetrics()
    {
        // Arrange
        await using var factory = new RelayWebFactory { Settings = new Dictionary<string, string?> { ["Relay:ListenHost"] = "0.0.0.0" } };
        await factory.InitializeAsync();

        // Act
        var anonymous = await factory.CreateApiClient(token: null).GetWithTimeoutAsync("/metrics");
        var readOnly = await factory.CreateApiClient(factory.ReadOnlyToken).GetWithTimeoutAsync("/metrics");
        var apiKey = await factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true).GetWithTimeoutAsync("/metrics");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, readOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiKey.StatusCode);
    }

    [Fact]
    public async Task Metrics_AnonymousTurnedOff_LoopbackAnonymousGets401()
    {
        // Arrange
        await using var factory = new RelayWebFactory { Settings = new Dictionary<string, string?> { ["Relay:Metrics:AllowAnonymous"] = "false" } };
        await factory.InitializeAsync();

        // Act
        var anonymous = await factory.CreateApiClient(token: null).GetWithTimeoutAsync("/metrics");
        var token = await factory.CreateApiClient(factory.ReadOnlyToken).GetWithTimeoutAsync("/metrics");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
