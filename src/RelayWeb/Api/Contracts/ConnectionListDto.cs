namespace RelayWeb.Api.Contracts;

/// <summary>A page of connections: <c>total</c> counts every row matching the filters, not just this page.</summary>
public sealed record ConnectionListDto(IReadOnlyList<ConnectionDto> Items, int Total, int Offset, int Limit);
