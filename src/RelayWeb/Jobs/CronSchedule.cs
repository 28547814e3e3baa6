using Quartz;

namespace RelayWeb.Jobs;

/// <summary>
/// Reads the cron expressions people type: Unix crontab (5 fields, <c>30 3 * * *</c>) or Quartz (6–7 fields with seconds,
/// <c>0 30 3 * * ?</c>). Schedules are evaluated in UTC, like every time the dashboard shows.
/// </summary>
public static class CronSchedule
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong in one sentence.</summary>
    public static bool TryParse(string? text, out CronExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A cron expression is required, e.g. '30 3 * * *' (03:30 UTC every day).";
            return false;
        }
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is < 5 or > 7)
        {
            error = $"'{trimmed}' has {fields} field(s); use 5 (minute hour day month weekday) or 6–7 (Quartz: seconds first).";
            return false;
        }
        try
        {
            var format = fields == 5 ? CronFormat.Unix : CronFormat.Quartz;
            expression = CronExpression.Parse(trimmed, format).WithTimeZone(TimeZoneInfo.Utc);
            if (expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null)
            {
                error = $"'{trimmed}' never fires again.";
                expression = null;
                return false;
            }
            return true;
        }
        catch (FormatException ex)
        {
            error = $"'{trimmed}' is not a valid cron expression: {ex.Message.TrimEnd('.')}.";
            return false;
        }
    }

    /// <summary>The parsed expression (in UTC) of a valid schedule; throws <see cref="FormatException"/> otherwise.</summary>
    public static CronExpression Parse(string text) =>
        TryParse(text, out var expression, out var error) ? expression! : throw new FormatException(error);

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="afterUtc"/>; empty when the text does not parse.</summary>
    public static IReadOnlyList<DateTime> NextOccurrences(string? text, DateTime afterUtc, int count)
    {
        if (!TryParse(text, out var expression, out _)) return [];
        var result = new List<DateTime>(count);
        DateTimeOffset? next = new DateTimeOffset(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc));
        while (result.Count < count && (next = expression!.GetNextValidTimeAfter(next.Value)) is { } at)
        {
            result.Add(at.UtcDateTime);
        }
        return result;
    }
}
