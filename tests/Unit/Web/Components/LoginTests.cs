using RelayWeb.Components.Pages;

namespace RelayWeb.UnitTests.Web.Components;

public class LoginTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/relays/abc?x=1", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("/ok\nLocation: x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLocalPath_AcceptsOnlySameSitePaths(string? url, bool expected) => Assert.Equal(expected, Login.IsLocalPath(url));
}
