namespace RelayWeb.ViewModels;

/// <summary>The Statistics page's time ranges; <see cref="Custom"/> uses the filter's own from/to.</summary>
public enum StatsRangePreset
{
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,
    Last90Days,
    LastYear,
    Custom,
}
