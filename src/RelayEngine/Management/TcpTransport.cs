namespace RelayEngine.Management;

/// <summary>The data path of TCP relays (<see cref="RelayEngineOptions.TcpTransport"/>).</summary>
public enum TcpTransport
{
    /// <summary>Epoll loops where the platform has them (Linux with glibc), System.Net.Sockets elsewhere.</summary>
    Auto,

    /// <summary>The engine's epoll loops; falls back to <see cref="Sockets"/> where they are not available.</summary>
    Epoll,

    /// <summary>System.Net.Sockets with async accept, connect and copy loops.</summary>
    Sockets,
}
