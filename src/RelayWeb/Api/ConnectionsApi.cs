using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>
/// <c>/api/v1/connections</c>: the ledger (history and open connections with live counters), one connection, closing an open
/// connection, and a CSV export with the same filters.
/// </summary>
public static partial class ConnectionsApi
{
    public static RouteGroupBuilder MapConnectionsApi(this RouteGroupBuilder api)
    {
        var connections = api.MapGroup("/connections").WithTags("Connections");
        connections.MapGet("/", ListConnections).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("List connections").WithDescription("Filters: relay, agent, state=open|closed, source, target (substring), since/until (ISO-8601, start time). Paging: offset, limit (default 100, max 1000). Sort: sort=start|end|bytesUp|bytesDown|durationMs|source|target|relayId, order=asc|desc.");
        connections.MapGet("/export.csv", ExportConnections).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("Export connections as CSV").WithDescription("Same filters and sort as the list, without paging; streamed as text/csv.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        connections.MapGet("/{id:guid}", GetConnection).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("Get a connection");
        connections.MapDelete("/{id:guid}", CloseConnection).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Close an open connection").WithDescription("Shuts both sockets down (reason closed_by_admin). 202 when closing, 409 when already closed, 404 when unknown.");
        return api;
    }

    public static async Task<Results<Ok<ConnectionListDto>, ValidationProblem>> ListConnections(
        [AsParameters] ConnectionListParameters parameters, IConnectionQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!parameters.TryGetQuery(out var query, out var errors)) return TypedResults.ValidationProblem(errors);
        var page = await queries.QueryAsync(query, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new ConnectionListDto(page.Items.Select(c => ConnectionDto.From(c, now)).ToList(), page.Total, query.Offset, query.Limit));
    }

    public static Results<PushStreamHttpResult, ValidationProblem> ExportConnections(
        [AsParameters] ConnectionListParameters parameters, IConnectionQueries queries, TimeProvider time, HttpContext context)
    {
        if (!parameters.TryGetQuery(out var query, out var errors)) return TypedResults.ValidationProblem(errors);
        var now = time.GetUtcNow().UtcDateTime;
        var fileName = $"connections-{now:yyyyMMdd-HHmmss}.csv";
        return TypedResults.Stream(
            stream => ConnectionCsvWriter.WriteAsync(stream, ExportRowsAsync(queries, query, now, context.RequestAborted), context.RequestAborted),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: fileName);
    }

    public static async Task<Results<Ok<ConnectionDto>, ProblemHttpResult>> GetConnection(Guid id, IConnectionQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await queries.GetAsync(id, cancellationToken);
        return connection is null
            ? ApiProblems.NotFound("Connection", id.ToString())
            : TypedResults.Ok(ConnectionDto.From(connection, time.GetUtcNow().UtcDateTime));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> CloseConnection(
        Guid id, IConnectionLookup live, IConnectionQueries queries, IOptions<RelayEngineOptions> engine, ICurrentActor actor, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        switch (live.CloseConnection(id))
        {
            case CloseConnectionResult.Closed:
                Log.ConnectionClosedByAdmin(loggers.CreateLogger(typeof(ConnectionsApi).FullName!), id, actor.Actor);
                return TypedResults.Accepted($"/api/v1/connections/{id}");
            case CloseConnectionResult.AlreadyClosed:
                return AlreadyClosed(id);
        }

        var stored = await queries.GetAsync(id, cancellationToken);
        if (stored is null) return ApiProblems.NotFound("Connection", id.ToString());
        // The engine is the truth for this node's connections: not open there means closed (the ledger row catches up shortly).
        var remote = stored.IsOpen && !string.Equals(stored.AgentId, engine.Value.AgentId, StringComparison.Ordinal);
        return remote
            ? ApiProblems.Conflict("Connection not open here", $"Connection '{id}' is open on agent '{stored.AgentId}', not in this process; it cannot be closed from here.")
            : AlreadyClosed(id);
    }

    private static ProblemHttpResult AlreadyClosed(Guid id) =>
        ApiProblems.Conflict("Connection already closed", $"Connection '{id}' is already closed.");

    private static async IAsyncEnumerable<ConnectionDto> ExportRowsAsync(IConnectionQueries queries, ConnectionQuery query, DateTime now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var connection in queries.ExportAsync(query, cancellationToken))
        {
            yield return ConnectionDto.From(connection, now);
        }
    }
}
