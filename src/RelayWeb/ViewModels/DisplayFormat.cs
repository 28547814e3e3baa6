using System.Globalization;

namespace RelayWeb.ViewModels;

/// <summary>
/// How the dashboard writes numbers, sizes, durations and times: invariant culture, short units a person reads at a glance
/// (<c>1.2 MB</c>, <c>3 min 4 s</c>, <c>5 min ago</c>). Sizes use 1024-based units labelled KB/MB/GB, as network dashboards do.
/// </summary>
public static class DisplayFormat
{
    private static readonly CultureInfo s_culture = CultureInfo.InvariantCulture;
    private static readonly string[] s_units = ["B", "KB", "MB", "GB", "TB", "PB"];

    public static string Bytes(long bytes)
    {
        if (bytes < 0) return "-" + Bytes(-bytes);
        if (bytes < 1024) return bytes.ToString(s_culture) + " B";
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        // 1023.97 KB would print as "1024 KB": move to the next unit instead.
        if (Math.Round(value, value < 100 ? 1 : 0) >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 100 ? "0.#" : "0", s_culture) + " " + s_units[unit];
    }

    public static string BytesPerSecond(double bytesPerSecond) => Bytes((long)Math.Round(bytesPerSecond)) + "/s";

    public static string Count(long value) => value.ToString("N0", s_culture);

    /// <summary><c>850 ms</c>, <c>12 s</c>, <c>3 min 4 s</c>, <c>2 h 5 min</c>, <c>3 d 4 h</c>; the two largest units only.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;
        if (duration.TotalSeconds < 1) return ((int)duration.TotalMilliseconds).ToString(s_culture) + " ms";
        if (duration.TotalMinutes < 1) return ((int)duration.TotalSeconds).ToString(s_culture) + " s";
        if (duration.TotalHours < 1) return Pair((int)duration.TotalMinutes, "min", duration.Seconds, "s");
        if (duration.TotalDays < 1) return Pair((int)duration.TotalHours, "h", duration.Minutes, "min");
        return Pair((int)duration.TotalDays, "d", duration.Hours, "h");
    }

    public static string DurationMs(long milliseconds) => Duration(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary><c>just now</c>, <c>12 s ago</c>, <c>5 min ago</c>, <c>3 h ago</c>, <c>2 d ago</c>, then the date.</summary>
    public static string Relative(DateTime utc, DateTime nowUtc)
    {
        var age = nowUtc - utc;
        if (age < TimeSpan.Zero) return "in " + Duration(-age);
        if (age.TotalSeconds < 5) return "just now";
        if (age.TotalMinutes < 1) return ((int)age.TotalSeconds).ToString(s_culture) + " s ago";
        if (age.TotalHours < 1) return ((int)age.TotalMinutes).ToString(s_culture) + " min ago";
        if (age.TotalDays < 1) return ((int)age.TotalHours).ToString(s_culture) + " h ago";
        if (age.TotalDays < 7) return ((int)age.TotalDays).ToString(s_culture) + " d ago";
        return utc.ToString("yyyy-MM-dd", s_culture);
    }

    /// <summary>The exact time for tooltips: <c>2026-11-21 13:25:04 UTC</c>.</summary>
    public static string Exact(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", s_culture) + " UTC";

    /// <summary>A chart axis label: <c>13:25:04</c>.</summary>
    public static string ClockTime(DateTime utc) => utc.ToString("HH:mm:ss", s_culture);

    private static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0
            ? string.Create(s_culture, $"{major} {majorUnit}")
            : string.Create(s_culture, $"{major} {majorUnit} {minor} {minorUnit}");
}
