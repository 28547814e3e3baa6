namespace RelayWeb.Api.Contracts;

/// <summary><c>GET /api/v1/health</c> (the tracker's health check): always <c>ok</c> while the process serves requests.</summary>
public sealed record HealthDto(string Status, string Version, long UptimeSeconds);
