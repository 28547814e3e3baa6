using RelayWeb.Hubs;

namespace RelayWeb.UnitTests.Web.Hubs;

public sealed class RelayHubAudienceTests
{
    private readonly RelayHubAudience _audience = new();

    [Fact]
    public void WhenListened_NoClient_StaysPending()
    {
        Assert.False(_audience.WhenListenedAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task FirstClient_StartsAListeningPeriodThatTheFeedCompletes()
    {
        _audience.ClientConnected();
        var listening = await _audience.WhenListenedAsync(CancellationToken.None);
        var feeding = _audience.WhenFeedingAsync(CancellationToken.None);
        Assert.False(feeding.IsCompleted);

        _audience.FeedStarted(listening.Generation);

        await feeding.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(listening.Gone.IsCancellationRequested);
    }

    [Fact]
    public async Task LastClientLeaving_EndsThePeriod_AndANewClientStartsAnother()
    {
        _audience.ClientConnected();
        _audience.ClientConnected();
        var first = await _audience.WhenListenedAsync(CancellationToken.None);
        _audience.FeedStarted(first.Generation);

        _audience.ClientDisconnected();
        Assert.False(first.Gone.IsCancellationRequested); // one client is still there
        _audience.ClientDisconnected();

        Assert.True(first.Gone.IsCancellationRequested);
        Assert.Equal(0, _audience.Clients);
        Assert.False(_audience.WhenListenedAsync(CancellationToken.None).IsCompleted);
        _audience.ClientConnected();
        var second = await _audience.WhenListenedAsync(CancellationToken.None);
        Assert.NotEqual(first.Generation, second.Generation);
        Assert.False(_audience.WhenFeedingAsync(CancellationToken.None).IsCompleted); // the old feed does not count
    }

    [Fact]
    public async Task FeedStarted_ForAnEndedPeriod_IsIgnored()
    {
        _audience.ClientConnected();
        var first = await _audience.WhenListenedAsync(CancellationToken.None);
        _audience.ClientDisconnected();
        _audience.ClientConnected();

        _audience.FeedStarted(first.Generation);

        Assert.False(_audience.WhenFeedingAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void ClientDisconnected_WithoutClients_DoesNotGoNegative()
    {
        _audience.ClientDisconnected();
        _audience.ClientConnected();

        Assert.Equal(1, _audience.Clients);
        Assert.True(_audience.WhenListenedAsync(CancellationToken.None).IsCompleted);
    }
}
