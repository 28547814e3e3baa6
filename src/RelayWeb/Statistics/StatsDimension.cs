namespace RelayWeb.Statistics;

/// <summary>What statistics can be grouped and filtered by; each is one roll-up key column.</summary>
public enum StatsDimension
{
    Host,
    Destination,
    Source,
    Agent,
    Relay,
    Chain,
    Rule,
    Network,
    Process,
}
