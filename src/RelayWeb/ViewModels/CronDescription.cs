using System.Globalization;

namespace RelayWeb.ViewModels;

/// <summary>
/// Says common cron schedules in words (<c>30 3 * * *</c> → "Every day at 03:30 UTC"); anything else is shown as the
/// expression itself. Only what can be said exactly is said: an unusual expression is never paraphrased wrongly.
/// </summary>
public static class CronDescription
{
    private static readonly string[] s_days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Describe(string cron)
    {
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6 && fields[0] == "0" && (fields[3] == "?" || fields[5] == "?"))
        {
            // Quartz with seconds at 0: the same as the Unix form without them (Quartz days are 1-7 from Sunday).
            var dayOfWeek = fields[5] == "?" ? "*" : fields[5];
            if (dayOfWeek != "*" && int.TryParse(dayOfWeek, NumberStyles.None, CultureInfo.InvariantCulture, out var quartzDay)) dayOfWeek = (quartzDay - 1).ToString(CultureInfo.InvariantCulture);
            fields = [fields[1], fields[2], fields[3] == "?" ? "*" : fields[3], fields[4], dayOfWeek];
        }
        if (fields.Length != 5) return cron;
        var (minute, hour, dayOfMonth, month, day) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        if (month != "*") return cron;

        if (minute.StartsWith("*/", StringComparison.Ordinal) && hour == "*" && dayOfMonth == "*" && day == "*" && Number(minute[2..]) is { } every)
        {
            return every == 1 ? "Every minute" : $"Every {every} minutes";
        }
        if (Number(minute) is not { } m) return cron;
        if (hour == "*" && dayOfMonth == "*" && day == "*") return m == 0 ? "Every hour, on the hour" : $"Every hour at :{m:00}";
        if (Number(hour) is not { } h || h > 23 || m > 59) return cron;
        var at = string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00} UTC");
        if (dayOfMonth == "*" && day == "*") return "Every day at " + at;
        if (dayOfMonth == "*" && Number(day) is { } d && d <= 7) return $"Every {s_days[d % 7]} at {at}";
        if (day == "*" && Number(dayOfMonth) is { } dom && dom is >= 1 and <= 31) return $"On day {dom} of every month at {at}";
        return cron;
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
