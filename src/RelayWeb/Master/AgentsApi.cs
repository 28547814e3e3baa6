using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Data;

namespace RelayWeb.Master;

/// <summary><c>/api/v1/agents</c>: the agents that synced with this master, online or offline, with their last heartbeat.</summary>
public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("/", ListAgents).RequireAuthorization(RelayPolicies.Read).WithSummary("List agents")
            .WithDescription("Every agent that ever synced: online/offline (offline after three sync intervals without a sync), last seen, version, region, backlog, lag, last error, its relays.");
        agents.MapGet("/{id}", GetAgent).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("Get an agent");
        return api;
    }

    public static Ok<List<AgentDto>> ListAgents(AgentRegistry registry, DbEngineConfigProvider relays, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var assignments = relays.GetAssignments();
        return TypedResults.Ok(registry.GetAgents().Select(a => ToDto(a, assignments.GetValueOrDefault(a.AgentId), now)).ToList());
    }

    public static Results<Ok<AgentDto>, ProblemHttpResult> GetAgent(string id, AgentRegistry registry, DbEngineConfigProvider relays, TimeProvider time) =>
        registry.TryGetAgent(id, out var agent)
            ? TypedResults.Ok(ToDto(agent, relays.GetAssignments().GetValueOrDefault(agent.AgentId), time.GetUtcNow().UtcDateTime))
            : ApiProblems.NotFound("Agent", id);

    public static AgentDto ToDto(AgentInfo agent, RelayAssignment? assignment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentDto
        {
            Id = agent.AgentId,
            Status = agent.IsOnline(nowUtc) ? AgentDto.Online : AgentDto.Offline,
            Region = agent.Region,
            Version = agent.Version,
            FirstSeen = agent.FirstSeenUtc,
            LastSeen = agent.LastSeenUtc,
            LastSeenAgoSeconds = Math.Max(0, (long)(nowUtc - agent.LastSeenUtc).TotalSeconds),
            SyncIntervalSeconds = (int)agent.SyncInterval.TotalSeconds,
            UptimeSeconds = agent.UptimeSeconds,
            Backlog = agent.Backlog,
            LagSeconds = agent.OldestUnsyncedAgeSeconds,
            LastError = agent.LastError,
            DiskFull = agent.DiskFull,
            LastAckedSeq = agent.LastAckedSeq,
            RecordsReceived = agent.RecordsReceived,
            RunningRevision = agent.AssignmentRevision,
            AssignedRevision = assignment?.Revision,
            Relays = assignment?.Relays.Select(r => r.RelayId).ToList() ?? [],
            RelayStates = agent.RelayStates,
        };
    }
}
