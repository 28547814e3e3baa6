namespace RelayWeb.ViewModels;

/// <summary>One point of a throughput chart: bytes per second each way, and open connections, at one second.</summary>
public sealed record ThroughputPoint(DateTime Time, double UpPerSecond, double DownPerSecond, int ActiveConnections)
{
    public double TotalPerSecond => UpPerSecond + DownPerSecond;
}
