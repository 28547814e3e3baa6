using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class LoginPageTests(DashboardFixture app)
{
    [Fact]
    public async Task Login_WrongPassword_ShowsErrorAndKeepsReturnUrl()
    {
        // Arrange
        await using var session = await app.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/relays");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Frelays$"));
        await Expect(page.GetByTestId("login-error")).ToHaveCountAsync(0);
        await app.ScreenshotAsync(page, "login");

        // Act
        await page.GetByTestId("login-username").FillAsync(DashboardFixture.AdminUser);
        await page.GetByTestId("login-password").FillAsync("not-the-password");
        await page.GetByTestId("login-submit").ClickAsync();

        // Assert
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Wrong user name or password");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?error=invalid&returnUrl=%2Frelays$"));
        await app.ScreenshotAsync(page, "login-error");
    }

    [Fact]
    public async Task Login_RightPassword_LandsOnOverview()
    {
        // Arrange
        await using var session = await app.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2F$"));

        // Act
        await page.GetByTestId("login-username").FillAsync(DashboardFixture.AdminUser);
        await page.GetByTestId("login-password").FillAsync(DashboardFixture.AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();

        // Assert
        await Expect(page).ToHaveURLAsync(new Regex(@"^http://127\.0\.0\.1:\d+/$"));
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-name")).ToContainTextAsync(DashboardFixture.AdminUser);
        await Expect(page.GetByTestId("tile-active-value")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Logout_ReturnsToLogin_AndPagesNeedSigningInAgain()
    {
        // Arrange
        await using var session = await app.SignInAsync("/connections");
        var page = session.Page;
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Connections" })).ToBeVisibleAsync();

        // Act
        await page.GetByTestId("logout").ClickAsync();

        // Assert
        await Expect(page).ToHaveURLAsync(new Regex(@"/login$"));
        await page.GotoAsync("/relays");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Frelays$"));
    }
}
