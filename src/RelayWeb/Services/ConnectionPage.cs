using RelayEngine.Connections;

namespace RelayWeb.Services;

public sealed record ConnectionPage(IReadOnlyList<ConnectionSnapshot> Items, int Total);
