using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RelayWeb.Retention;
using RelayWeb.Statistics;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Retention;

public sealed class StatsHourRetentionTargetTests : IAsyncLifetime
{
    private static readonly DateTime Cutoff = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task DeleteBatchAsync_UntilShort_HoursDaysAndPerDimensionRowsPastTheCutoffGoneTheRestKept()
    {
        // Arrange: three old hours, two old days, old per-dimension hours and weeks; rows still within retention.
        var cutoff = StatsTime.ToMinute(Cutoff);
        foreach (var hour in new[] { cutoff - 180, cutoff - 120, cutoff - 60, cutoff }) await InsertRollupAsync("stats_hour", hour);
        foreach (var day in new[] { cutoff - 2 * 1440, cutoff - 1440, cutoff }) await InsertRollupAsync("stats_day", day);
        foreach (var (level, bucket) in new[] { (1, cutoff - 8 * 1440), (3, cutoff - 14 * 1440), (3, cutoff - 7 * 1440), (1, cutoff - 60) }) await InsertTopAsync(level, bucket);
        var target = new StatsHourRetentionTarget(_database.DbFactory);

        // Act: batches of two, as the retention job calls it, until a batch comes back short.
        var batches = new List<int>();
        do batches.Add(await target.DeleteBatchAsync(Cutoff, 2, CancellationToken.None));
        while (batches[^1] == 2);

        // Assert: a row goes once its whole hour, day or week ended before the cutoff (per-dimension rows by their week).
        Assert.Equal(3 + 1 + 2, batches.Sum());
        Assert.Equal([cutoff], await BucketsAsync("stats_hour"));
        Assert.Equal([cutoff - 1440, cutoff], await BucketsAsync("stats_day"));
        Assert.Equal([cutoff - 7 * 1440, cutoff - 60], await BucketsAsync("stats_top"));
    }

    private async Task InsertRollupAsync(string table, long bucket)
    {
        await using var db = await _database.CreateDbContextAsync();
        var values = string.Join(", ", StatsRollupSql.ValueColumns.Select(_ => "1"));
#pragma warning disable EF1002 // test data: the table is one of ours, the bucket a number
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{table}\" ({StatsRollupSql.AllColumns}) VALUES ({bucket.ToString(CultureInfo.InvariantCulture)}, 'a', 'r', 'tcp', 'h', 'd', 's', '', '', '', {values})");
#pragma warning restore EF1002
    }

    private async Task InsertTopAsync(int level, long bucket)
    {
        await using var db = await _database.CreateDbContextAsync();
        var columns = string.Join(", ", StatsRollupSql.ValueColumns.Select(StatsRollupSql.Quote));
        var values = string.Join(", ", StatsRollupSql.ValueColumns.Select(_ => "1"));
#pragma warning disable EF1002 // test data: numbers we format
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"stats_top\" (\"Dimension\", \"Level\", \"Bucket\", \"Key\", {columns}) VALUES (1, {level}, {bucket.ToString(CultureInfo.InvariantCulture)}, 'h', {values})");
#pragma warning restore EF1002
    }

    private async Task<List<long>> BucketsAsync(string table)
    {
        await using var db = await _database.CreateDbContextAsync();
#pragma warning disable EF1002 // the table is one of ours
        return await db.Database.SqlQueryRaw<long>($"SELECT \"Bucket\" AS \"Value\" FROM \"{table}\" ORDER BY 1").ToListAsync();
#pragma warning restore EF1002
    }
}
