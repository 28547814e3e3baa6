using System.Net;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>Own app: the lockout it provokes would otherwise lock every other login test out for a minute.</summary>
public sealed class LoginRateLimitTests(LoginRateLimitTests.Factory factory) : IClassFixture<LoginRateLimitTests.Factory>
{
    public sealed class Factory : RelayWebFactory;

    [Fact]
    public async Task Login_FiveFailures_LocksEvenTheRightPassword()
    {
        // Arrange
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++)
        {
            var failed = await LoginForm.PostAsync(factory, browser, "admin", "wrong-" + i);
            Assert.Equal("/login?error=invalid", failed.Headers.Location?.OriginalString);
        }

        // Act
        var locked = await LoginForm.PostAsync(factory, browser, "admin", RelayWebFactory.AdminPassword, "/relays");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Equal("/login?error=locked&returnUrl=%2Frelays", locked.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetWithTimeoutAsync("/api/v1/relays")).StatusCode);
    }
}
