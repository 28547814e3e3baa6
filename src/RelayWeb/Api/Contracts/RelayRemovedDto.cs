namespace RelayWeb.Api.Contracts;

/// <summary>A relay was deleted (SSE event <c>relay.removed</c>, hub message <c>RelayRemoved</c>).</summary>
public sealed record RelayRemovedDto(string Id);
