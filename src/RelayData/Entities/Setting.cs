namespace RelayData.Entities;

public sealed class Setting
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
