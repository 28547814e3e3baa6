namespace RelayWeb.Statistics;

/// <summary>Time-series bucket. Weeks start on Monday and months on the 1st, UTC.</summary>
public enum StatsBucket
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
}
