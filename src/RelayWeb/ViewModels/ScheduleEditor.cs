using RelayWeb.Jobs;

namespace RelayWeb.ViewModels;

/// <summary>The inline schedule editor of a job: the text being typed, why it is not a schedule (checked as it is typed), and the next runs it would give.</summary>
public sealed class ScheduleEditor(string cron)
{
    private string? _rejected;
    private string? _rejectedText;

    public string Text { get; set; } = cron;

    /// <summary>Why <see cref="Text"/> is not a schedule, or why the server refused it; null when it is valid.</summary>
    public string? Error => CronSchedule.TryParse(Text, out _, out var error) ? (Text == _rejectedText ? _rejected : null) : error;

    public bool IsValid => Error is null;

    /// <summary>Shows the server's reason for refusing <see cref="Text"/> until the text changes.</summary>
    public void Reject(string? reason)
    {
        _rejected = reason;
        _rejectedText = Text;
    }

    /// <summary>The next three runs of <see cref="Text"/> after <paramref name="nowUtc"/>; empty when it does not parse.</summary>
    public IReadOnlyList<DateTime> Preview(DateTime nowUtc) => CronSchedule.NextOccurrences(Text, nowUtc, 3);
}
