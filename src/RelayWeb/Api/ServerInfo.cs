using System.Reflection;

namespace RelayWeb.Api;

/// <summary>The server's version and uptime, for health responses. Created at start-up (resolved when endpoints are mapped).</summary>
public sealed class ServerInfo(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    /// <summary>When this server started (before its engine: this is resolved while endpoints are mapped).</summary>
    public DateTime StartedUtc { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>The informational version without the source-revision suffix (<c>0.1.0</c>).</summary>
    public string Version { get; } = ReadVersion();

    public TimeSpan Uptime => time.GetElapsedTime(_started);

    private static string ReadVersion()
    {
        var assembly = typeof(ServerInfo).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
