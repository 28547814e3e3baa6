using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Data;

namespace RelayWeb.Master;

/// <summary>
/// <c>POST /api/v1/sync</c>, the tracker seed's agent sync: a batch of ledger records, a heartbeat, and the assignment
/// revision the agent runs. The whole batch is validated before anything is stored (400 naming what is wrong; 413 above
/// <see cref="SyncLimits.MaxRecords"/> records or the body limit), then committed in one transaction, then acknowledged.
/// </summary>
public static partial class SyncApi
{
    public static RouteGroupBuilder MapSyncApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sync", SyncAsync).RequireAuthorization(RelayPolicies.Sync).WithTags("Agents")
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Sync an agent's records and heartbeat; get its assignment")
            .WithDescription(
                "Agents push: records ordered by seq (at most 5000 per batch), upserted by (id, agentId) in one transaction, so a batch " +
                "sent twice or cut off half-way leaves exactly one correct copy; larger counters update a record, a closed record never " +
                "reopens. The answer's acknowledgedSeq is the highest seq stored: the agent marks records synced up to it. assignment " +
                "holds the relays and tunnel ends assigned to the agent when assignmentRevision differs from the current one (null otherwise). An " +
                "unknown agent registers itself. Token scopes: agent (a token bound to an agent syncs as that agent only) or admin.");
        return api;
    }

    public static async Task<Results<Ok<SyncResponse>, ValidationProblem, ProblemHttpResult>> SyncAsync(
        SyncRequest request, ClaimsPrincipal user, SyncIngest ingest, AgentRegistry agents, AgentTrafficHistory traffic, DbEngineConfigProvider relays,
        IOptions<RelayEngineOptions> engine, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.Records is { Count: > SyncLimits.MaxRecords } tooMany)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Sync batch too large",
                detail: $"The batch has {tooMany.Count} records; at most {SyncLimits.MaxRecords} are accepted in one request.",
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");
        }
        var errors = SyncRequestValidator.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The sync batch is invalid; nothing was stored.");

        var agentId = request.AgentId!;
        var logger = loggers.CreateLogger(typeof(SyncApi).FullName!);
        var boundAgent = user.FindFirst(RelayPrincipal.AgentIdClaim)?.Value;
        if (boundAgent is not null && !string.Equals(boundAgent, agentId, StringComparison.Ordinal))
        {
            Log.WrongAgent(logger, agentId, boundAgent, RelayPrincipal.GetActor(user));
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Token bound to another agent",
                detail: $"This token may sync as agent '{boundAgent}' only, not as '{agentId}'.");
        }
        if (string.Equals(agentId, engine.Value.AgentId, StringComparison.Ordinal))
        {
            return ApiProblems.Conflict("Agent id taken by the master",
                $"'{agentId}' is this master's own agent id (RelayEngine:AgentId); give the agent another --agent-id.");
        }

        var (agent, acknowledged) = await ingest.IngestAsync(request, user.FindFirst(RelayPrincipal.TokenIdClaim)?.Value, cancellationToken);
        var states = agent.RelayStates;
        traffic.Add(agentId, time.GetUtcNow().UtcDateTime, states.Sum(r => r.BytesUp), states.Sum(r => r.BytesDown), states.Sum(r => r.ActiveConnections), agent.UptimeSeconds);
        agents.Update(agent);
        var assignment = relays.GetAssignment(agentId);
        var changed = !string.Equals(assignment.Revision, request.AssignmentRevision, StringComparison.Ordinal);
        Log.Synced(logger, agentId, request.Records?.Count ?? 0, acknowledged ?? 0, changed ? assignment.Revision : "unchanged");
        return TypedResults.Ok(new SyncResponse(acknowledged, request.Records?.Count ?? 0,
            changed ? new AgentAssignmentDto(assignment.Revision, assignment.Relays.Select(AssignedRelayDto.From).ToList(), assignment.Tunnels) : null));
    }

    private static partial class Log
    {
        [LoggerMessage(2410, LogLevel.Debug, "Agent '{AgentId}' synced {Count} record(s), acknowledged up to {AcknowledgedSeq}; assignment {Assignment}.", EventName = "AgentSynced")]
        public static partial void Synced(ILogger logger, string agentId, int count, long acknowledgedSeq, string assignment);

        [LoggerMessage(2411, LogLevel.Warning, "{Actor} tried to sync as agent '{AgentId}' but is bound to agent '{BoundAgentId}'.", EventName = "AgentSyncWrongAgent")]
        public static partial void WrongAgent(ILogger logger, string agentId, string boundAgentId, string actor);
    }
}
