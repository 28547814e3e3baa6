using RelayEngine.Connections;
using RelayEngine.Events;
using RelayWeb.ViewModels;
using static RelayWeb.UnitTests.Web.ViewModels.ConnectionSnapshots;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class LiveConnectionListTests
{
    private static ConnectionChange Upsert(ConnectionSnapshot c) => new(ChangeKind.Upsert, c);
    private static ConnectionChange Remove(ConnectionSnapshot c) => new(ChangeKind.Remove, c);

    [Fact]
    public void Reset_InitialState_ShowsOpenRowsNewestFirst()
    {
        // Arrange
        var list = new LiveConnectionList();

        // Act
        list.Reset([Open(1), Open(3), Open(2)]);

        // Assert
        Assert.Equal([Id(3), Id(2), Id(1)], list.Rows.Select(r => r.Id));
        Assert.Equal(3, list.OpenCount);
    }

    [Fact]
    public void Apply_Upsert_AddsNewAndReplacesCounters()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1)]);

        // Act
        list.Apply([Upsert(Open(2)), Upsert(Open(1, up: 10, down: 20))], T0);

        // Assert
        Assert.Equal(2, list.Count);
        Assert.True(list.TryGet(Id(1), out var row));
        Assert.Equal(10, row.BytesUp);
        Assert.Equal(20, row.BytesDown);
    }

    [Fact]
    public void Apply_Remove_KeepsRowMarkedClosedWithFinalBytesAfterOpenRows()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1), Open(2)]);

        // Act
        list.Apply([Remove(Closed(2, up: 5, down: 7))], T0.AddMinutes(1));

        // Assert
        Assert.Equal(1, list.OpenCount);
        Assert.Equal([Id(1), Id(2)], list.Rows.Select(r => r.Id));
        var closed = list.Rows[1];
        Assert.True(closed.IsClosed);
        Assert.Equal(5, closed.BytesUp);
        Assert.Equal(7, closed.BytesDown);
        Assert.Equal(CloseReason.ClosedByAdmin, closed.Connection.CloseReason);
    }

    [Fact]
    public void Apply_UpsertAfterRemove_IgnoresLateCounterUpdate()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1)]);

        // Act
        list.Apply([Remove(Closed(1, 5, 7)), Upsert(Open(1, up: 3, down: 3))], T0);

        // Assert
        Assert.True(list.TryGet(Id(1), out var row));
        Assert.True(row.IsClosed);
        Assert.Equal(5, row.BytesUp);
    }

    [Fact]
    public void Apply_RemoveOfUnknownConnection_ShowsItClosed()
    {
        // Arrange: it opened and closed between the subscription and the snapshot.
        var list = new LiveConnectionList();
        list.Reset([]);

        // Act
        list.Apply([Remove(Closed(9, 1, 2))], T0);

        // Assert
        Assert.Equal(0, list.OpenCount);
        Assert.Equal(1, list.Count);
    }

    [Fact]
    public void Apply_Resync_ReplacesOpenRowsWithTheUpsertsThatFollow()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1), Open(2)]);
        list.Apply([Remove(Closed(3, 1, 1))], T0);

        // Act
        list.Apply([ConnectionChange.Resync, Upsert(Open(2, up: 50)), Upsert(Open(4))], T0);

        // Assert
        Assert.Equal(2, list.OpenCount);
        Assert.False(list.TryGet(Id(1), out _));
        Assert.True(list.TryGet(Id(2), out var two));
        Assert.Equal(50, two.BytesUp);
        Assert.True(list.TryGet(Id(4), out _));
        Assert.True(list.TryGet(Id(3), out var three) && three.IsClosed);
    }

    [Fact]
    public void Prune_DropsClosedRowsOlderThanRetention()
    {
        // Arrange
        var list = new LiveConnectionList(TimeSpan.FromSeconds(10));
        list.Reset([Open(1), Open(2)]);
        list.Apply([Remove(Closed(2, 1, 1))], T0);

        // Act
        var early = list.Prune(T0.AddSeconds(9));
        var late = list.Prune(T0.AddSeconds(10));

        // Assert
        Assert.False(early);
        Assert.True(late);
        Assert.Equal([Id(1)], list.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Filter_MatchesSourceTargetOrRelayName()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1, relayId: "a"), Open(2, relayId: "b")]);

        // Act
        var bySource = list.Filter("40002", _ => "");
        var byRelay = list.Filter("SSH", id => id == "a" ? "ssh-bastion" : "web");
        var all = list.Filter("  ", _ => "");

        // Assert
        Assert.Equal([Id(2)], bySource.Select(r => r.Id));
        Assert.Equal([Id(1)], byRelay.Select(r => r.Id));
        Assert.Equal(2, all.Count);
    }
}
