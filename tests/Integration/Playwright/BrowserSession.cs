using Microsoft.Playwright;

namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>One browser context (its own cookies) and its page; disposing closes the context.</summary>
public sealed class BrowserSession(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
