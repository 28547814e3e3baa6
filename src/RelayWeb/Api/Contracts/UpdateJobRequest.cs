namespace RelayWeb.Api.Contracts;

/// <summary><c>PUT /api/v1/jobs/{name}</c>: the new schedule, cron in UTC — <c>30 3 * * *</c> (Unix) or <c>0 30 3 * * ?</c> (Quartz).</summary>
public sealed record UpdateJobRequest(string? Cron);
