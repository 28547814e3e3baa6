using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Model;

namespace RelayWeb.ViewModels;

/// <summary>The words the dashboard uses for engine enums, in one place so every page says the same thing.</summary>
public static class RelayLabels
{
    public static string Protocol(RelayProtocol protocol) => protocol switch
    {
        RelayProtocol.Tcp => "TCP",
        RelayProtocol.Udp => "UDP",
        _ => protocol.ToString().ToUpperInvariant(),
    };

    public static string Strategy(TargetStrategy strategy) => strategy switch
    {
        TargetStrategy.Failover => "failover",
        TargetStrategy.RoundRobin => "round-robin",
        TargetStrategy.All => "all (fan-out)",
        _ => strategy.ToString(),
    };

    public static string Status(RelayStatus status) => status switch
    {
        RelayStatus.Running => "Running",
        RelayStatus.Stopped => "Stopped",
        RelayStatus.Faulted => "Faulted",
        RelayStatus.Starting => "Starting",
        RelayStatus.Stopping => "Stopping",
        _ => status.ToString(),
    };

    public static string CloseReason(CloseReason reason) => reason switch
    {
        RelayEngine.Connections.CloseReason.None => "open",
        RelayEngine.Connections.CloseReason.ClientClosed => "client closed",
        RelayEngine.Connections.CloseReason.TargetClosed => "target closed",
        RelayEngine.Connections.CloseReason.IdleTimeout => "idle timeout",
        RelayEngine.Connections.CloseReason.ConnectFailed => "connect failed",
        RelayEngine.Connections.CloseReason.RefusedByLimit => "refused (limit)",
        RelayEngine.Connections.CloseReason.ClosedByAdmin => "closed by admin",
        RelayEngine.Connections.CloseReason.RelayStopped => "relay stopped",
        RelayEngine.Connections.CloseReason.Error => "error",
        _ => reason.ToString(),
    };

    /// <summary>True for close reasons a person may want to look into (not a normal end of a conversation).</summary>
    public static bool IsAbnormal(CloseReason reason) => reason is RelayEngine.Connections.CloseReason.ConnectFailed
        or RelayEngine.Connections.CloseReason.RefusedByLimit or RelayEngine.Connections.CloseReason.Error;
}
