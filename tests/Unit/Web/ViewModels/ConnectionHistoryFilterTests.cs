using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class ConnectionHistoryFilterTests
{
    private static readonly DateTime s_now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ToQuery_MapsFiltersRangeSortAndPaging()
    {
        // Arrange
        var filter = new ConnectionHistoryFilter { RelayId = "r1", State = "closed", Source = " 10.0. ", Target = "", Range = HistoryTimeRange.LastHour };

        // Act
        var query = filter.ToQuery(s_now, offset: 50, limit: 25, sortProperty: nameof(ConnectionHistoryRow.BytesDown), descending: false);

        // Assert
        Assert.Equal("r1", query.Relay);
        Assert.Equal("closed", query.State);
        Assert.Equal("10.0.", query.Source);
        Assert.Null(query.Target);
        Assert.Equal(s_now.AddHours(-1), query.Since);
        Assert.Null(query.Until);
        Assert.Equal("bytesDown", query.Sort);
        Assert.False(query.Descending);
        Assert.Equal(50, query.Offset);
        Assert.Equal(25, query.Limit);
    }

    [Fact]
    public void ToQuery_NoSort_IsNewestFirst()
    {
        // Act
        var query = new ConnectionHistoryFilter().ToQuery(s_now, 0, 25, sortProperty: null, descending: false);

        // Assert
        Assert.Null(query.Sort);
        Assert.True(query.Descending);
        Assert.Equal(s_now.AddHours(-24), query.Since);
    }

    [Theory]
    [InlineData(nameof(ConnectionHistoryRow.StartUtc), "start")]
    [InlineData(nameof(ConnectionHistoryRow.EndUtc), "end")]
    [InlineData(nameof(ConnectionHistoryRow.DurationMs), "durationMs")]
    [InlineData(nameof(ConnectionHistoryRow.BytesUp), "bytesUp")]
    [InlineData(nameof(ConnectionHistoryRow.Source), "source")]
    [InlineData(nameof(ConnectionHistoryRow.Target), "target")]
    [InlineData(nameof(ConnectionHistoryRow.RelayId), "relayId")]
    [InlineData("Nope", null)]
    public void SortField_MapsGridColumnsToQueryFields(string property, string? expected) =>
        Assert.Equal(expected, ConnectionHistoryFilter.SortField(property));

    [Fact]
    public void ExportUrl_CarriesTheSameFilters()
    {
        // Arrange
        var filter = new ConnectionHistoryFilter
        {
            RelayId = "r 1",
            State = "open",
            Target = "db:5432",
            Range = HistoryTimeRange.Custom,
            CustomSinceUtc = new DateTime(2026, 11, 20, 8, 0, 0),
            CustomUntilUtc = new DateTime(2026, 11, 20, 9, 30, 0),
        };

        // Act
        var url = filter.ExportUrl(s_now);

        // Assert
        Assert.Equal("/api/v1/connections/export.csv?relay=r%201&state=open&target=db%3A5432&since=2026-11-20T08%3A00%3A00Z&until=2026-11-20T09%3A30%3A00Z", url);
    }

    [Fact]
    public void Clear_ResetsToLast24Hours()
    {
        // Arrange
        var filter = new ConnectionHistoryFilter { RelayId = "x", State = "open", Range = HistoryTimeRange.Last7Days };

        // Act
        filter.Clear();

        // Assert
        Assert.Equal("/api/v1/connections/export.csv?since=2026-11-20T12%3A00%3A00Z", filter.ExportUrl(s_now));
    }
}
