namespace RelayData.Entities;

/// <summary>
/// A named counter (one row per counter). <c>connections</c> hands out <see cref="Connection.SyncSeq"/> numbers: a writer
/// reserves a block inside its write transaction, so numbers are unique and committed in increasing order.
/// </summary>
public sealed class Sequence
{
    public const string Connections = "connections";

    public required string Name { get; set; }
    public long Value { get; set; }
}
