namespace RelayWeb.ViewModels;

/// <summary>The History tab's time presets; <see cref="Custom"/> uses the filter's own since/until.</summary>
public enum HistoryTimeRange
{
    Last15Minutes,
    LastHour,
    Last24Hours,
    Last7Days,
    Custom,
}
