namespace RelayData.Entities;

/// <summary>One named host setting (a key/value row), changed from the dashboard.</summary>
public sealed class Setting
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
