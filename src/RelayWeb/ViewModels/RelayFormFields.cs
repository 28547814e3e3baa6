namespace RelayWeb.ViewModels;

/// <summary>The relay dialog's field keys; equal to the validator's (API) field names.</summary>
public static class RelayFormFields
{
    public const string Name = "name";
    public const string Protocol = "protocol";
    public const string Listen = "listen";
    public const string Targets = "targets";
    public const string Strategy = "strategy";
    public const string ConnectTimeout = "connectTimeoutMs";
    public const string IdleTimeout = "idleTimeoutMs";
    public const string MaxConnections = "maxConnections";
    public const string AgentId = "agentId";

    public static IReadOnlyList<string> All { get; } = [Name, Protocol, Listen, Targets, Strategy, ConnectTimeout, IdleTimeout, MaxConnections, AgentId];
}
