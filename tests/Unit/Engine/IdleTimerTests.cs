using System.Collections.Concurrent;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Model;
using RelayEngine.Transport;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine;

public sealed class IdleTimerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentDictionary<ConnectionState, byte> _open = new();

    [Fact]
    public void Sweep_QuietRelayingConnection_IsAbortedWithIdleTimeout()
    {
        // Arrange
        using var idle = new IdleTimer(TimeSpan.FromSeconds(2), _time, _open);
        var connection = Open();
        idle.Start(connection);

        // Act
        _time.Advance(TimeSpan.FromSeconds(2.5));

        // Assert
        Assert.True(connection.Aborted.IsCancellationRequested);
        Assert.Equal(CloseReason.IdleTimeout, connection.RequestedCloseReason);
    }

    [Fact]
    public void Sweep_ConnectionTouchedWithinTimeout_StaysOpen()
    {
        // Arrange
        using var idle = new IdleTimer(TimeSpan.FromSeconds(2), _time, _open);
        var connection = Open();
        idle.Start(connection);

        // Act: activity every 1.5 s for 6 s
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1.5));
            idle.Touch(connection);
        }

        // Assert
        Assert.False(connection.Aborted.IsCancellationRequested);
        Assert.Equal(CloseReason.None, connection.RequestedCloseReason);
    }

    [Fact]
    public void Sweep_ConnectionNotYetRelaying_IsLeftToItsConnectTimeout()
    {
        // Arrange
        using var idle = new IdleTimer(TimeSpan.FromSeconds(1), _time, _open);
        var connection = Open(); // never Start()ed: still connecting to its target

        // Act
        _time.Advance(TimeSpan.FromSeconds(10));

        // Assert
        Assert.False(connection.Aborted.IsCancellationRequested);
    }

    [Fact]
    public void Sweep_AdminCloseFirst_KeepsTheAdminReason()
    {
        // Arrange
        using var idle = new IdleTimer(TimeSpan.FromSeconds(1), _time, _open);
        var connection = Open();
        idle.Start(connection);
        connection.Abort(CloseReason.ClosedByAdmin);

        // Act
        _time.Advance(TimeSpan.FromSeconds(5));

        // Assert
        Assert.Equal(CloseReason.ClosedByAdmin, connection.RequestedCloseReason);
    }

    [Theory]
    [InlineData(3600, 1000)]
    [InlineData(2, 500)]
    [InlineData(0.1, 50)]
    public void Granularity_IsAQuarterOfTheTimeout_Within50msAnd1s(double timeoutSeconds, int expectedMs)
    {
        // Arrange + Act
        using var idle = new IdleTimer(TimeSpan.FromSeconds(timeoutSeconds), _time, _open);

        // Assert
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), idle.Granularity);
    }

    private ConnectionState Open()
    {
        var relay = new RelayState(new RelayConfig { RelayId = "r", Protocol = RelayProtocol.Tcp, Listen = "127.0.0.1:0", Targets = ["127.0.0.1:1"] });
        var connection = new ConnectionState(relay, "local", "tcp", "127.0.0.1:5", "127.0.0.1:0", _time.GetUtcNow().UtcDateTime);
        _open.TryAdd(connection, 0);
        return connection;
    }
}
