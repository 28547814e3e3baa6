namespace RelayWeb.Statistics;

/// <summary>Unix minutes (the roll-ups' time unit) and series bucket arithmetic, all UTC.</summary>
public static class StatsTime
{
    public static long ToMinute(DateTime utc) => ToUnixSeconds(utc) / 60;

    public static long ToMinuteCeiling(DateTime utc)
    {
        var seconds = ToUnixSeconds(utc);
        var minute = seconds / 60;
        return seconds % 60 == 0 && Utc(utc).Ticks % TimeSpan.TicksPerSecond == 0 ? minute : minute + 1;
    }

    public static DateTime FromMinute(long minute) => DateTime.UnixEpoch.AddMinutes(minute);

    /// <summary>The start of the bucket holding <paramref name="utc"/> (weeks start on Monday, months on the 1st).</summary>
    public static DateTime Fold(DateTime utc, StatsBucket bucket) => bucket switch
    {
        StatsBucket.Minute => new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc),
        StatsBucket.Hour => new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc),
        StatsBucket.Day => utc.Date,
        StatsBucket.Week => utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)),
        _ => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    /// <summary>The start of the bucket after the one starting at <paramref name="start"/>.</summary>
    public static DateTime Next(DateTime start, StatsBucket bucket) => bucket switch
    {
        StatsBucket.Minute => start.AddMinutes(1),
        StatsBucket.Hour => start.AddHours(1),
        StatsBucket.Day => start.AddDays(1),
        StatsBucket.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    private static long ToUnixSeconds(DateTime utc) => (long)Math.Floor((Utc(utc) - DateTime.UnixEpoch).TotalSeconds);

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
