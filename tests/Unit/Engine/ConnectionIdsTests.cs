using RelayEngine.Connections;

namespace RelayWeb.UnitTests.Engine;

public sealed class ConnectionIdsTests
{
    [Fact]
    public void NewVersion7_CarriesVersionVariantAndTheStartMillisecond()
    {
        var start = new DateTime(2026, 11, 21, 19, 45, 12, 345, DateTimeKind.Utc);

        var id = ConnectionIds.NewVersion7(start);

        Assert.Equal(7, id.Version);
        var text = id.ToString("N");
        Assert.Equal(0x8, Convert.ToInt32(text[16..17], 16) & 0xC); // RFC 9562 variant: 10xx
        var milliseconds = Convert.ToInt64(text[..12], 16);
        Assert.Equal(start, DateTime.UnixEpoch.AddMilliseconds(milliseconds));
    }

    [Fact]
    public void NewVersion7_SortsByStartTimeAndNeverRepeats()
    {
        var start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
        var ids = new HashSet<Guid>();
        var previous = ConnectionIds.NewVersion7(start);
        for (var i = 1; i <= 100_000; i++)
        {
            var sameMillisecond = ConnectionIds.NewVersion7(start.AddMilliseconds(i / 10));
            Assert.True(ids.Add(sameMillisecond));
            if (i % 10 == 0)
            {
                Assert.True(string.CompareOrdinal(previous.ToString(), sameMillisecond.ToString()) < 0);
                previous = sameMillisecond;
            }
        }
    }
}
