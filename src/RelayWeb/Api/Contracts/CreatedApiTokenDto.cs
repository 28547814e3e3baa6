namespace RelayWeb.Api.Contracts;

/// <summary>A new token. <c>secret</c> is shown here once and never again; store it now.</summary>
public sealed record CreatedApiTokenDto(ApiTokenDto Token, string Secret);
