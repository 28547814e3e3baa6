using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class DisplayFormatTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1 KB")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(1_258_291, "1.2 MB")]
    [InlineData(157_286_400, "150 MB")]
    [InlineData(1_048_575, "1 MB")]
    [InlineData(5_368_709_120, "5 GB")]
    [InlineData(-2048, "-2 KB")]
    public void Bytes_UsesShortUnits(long bytes, string expected) => Assert.Equal(expected, DisplayFormat.Bytes(bytes));

    [Fact]
    public void BytesPerSecond_AppendsPerSecond() => Assert.Equal("1.2 MB/s", DisplayFormat.BytesPerSecond(1_258_291.4));

    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(12_400, "12 s")]
    [InlineData(184_000, "3 min 4 s")]
    [InlineData(180_000, "3 min")]
    [InlineData(7_500_000, "2 h 5 min")]
    [InlineData(273_600_000, "3 d 4 h")]
    [InlineData(-5, "0 ms")]
    public void Duration_ShowsTwoLargestUnits(long milliseconds, string expected) => Assert.Equal(expected, DisplayFormat.DurationMs(milliseconds));

    [Theory]
    [InlineData(2, "just now")]
    [InlineData(42, "42 s ago")]
    [InlineData(300, "5 min ago")]
    [InlineData(3 * 3600 + 59, "3 h ago")]
    [InlineData(2 * 86400, "2 d ago")]
    [InlineData(30 * 86400, "2026-10-22")]
    [InlineData(-90, "in 1 min 30 s")]
    public void Relative_DescribesAge(int secondsAgo, string expected)
    {
        var now = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(expected, DisplayFormat.Relative(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void Exact_IsIsoLikeUtc() =>
        Assert.Equal("2026-11-21 13:25:04 UTC", DisplayFormat.Exact(new DateTime(2026, 11, 21, 13, 25, 4, DateTimeKind.Utc)));

    [Fact]
    public void Count_GroupsThousandsInvariantly() => Assert.Equal("1,234,567", DisplayFormat.Count(1_234_567));
}
