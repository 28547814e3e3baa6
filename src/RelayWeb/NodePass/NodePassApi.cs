using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.Api;
using RelayWeb.Auth;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass master's instance API under <c>/api/v1</c> (reference/nodepass.md §3): <c>/instances</c>, <c>/instances/{id}</c>,
/// <c>/info</c>, <c>/tcping</c>; the event stream is <see cref="NodePassEvents"/> on <c>/api/v1/events</c>. <c>X-API-Key</c> is
/// any Relay API token (read-only tokens may read, admin tokens may change). Errors are problem details.
/// </summary>
public static class NodePassApi
{
    /// <summary>NodePass's JSON: its own field names, nulls written (<c>"error": null</c>).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly SemaphoreSlim s_tcpingSlots = new(10, 10);

    public static RouteGroupBuilder MapNodePassApi(this RouteGroupBuilder api)
    {
        var np = api.MapGroup("").WithTags("NodePass");
        np.MapGet("/instances", ListInstances).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("NodePass: list instances").WithDescription("Every tunnel end and relay as a NodePass instance.");
        np.MapPost("/instances", CreateInstance).RequireAuthorization(RelayPolicies.Write)
            .WithSummary("NodePass: create an instance from a URL").WithDescription("Body {\"url\":\"server://...\"} → 201 with the instance; the url in this answer is the only one that carries the key.");
        np.MapGet("/instances/{id}", GetInstance).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("NodePass: get an instance");
        np.MapPatch("/instances/{id}", PatchInstance).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("NodePass: act on an instance").WithDescription("Any of action (start, stop, restart), alias, restart (accepted; Relay always restores running instances).");
        np.MapPut("/instances/{id}", PutInstance).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("NodePass: replace an instance's URL");
        np.MapDelete("/instances/{id}", DeleteInstance).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("NodePass: delete an instance");
        np.MapGet("/info", GetInfo).RequireAuthorization(RelayPolicies.Read).WithSummary("NodePass: master and host information");
        np.MapGet("/tcping", Tcping).RequireAuthorization(RelayPolicies.Read).WithSummary("NodePass: TCP connect test (?target=host:port)");
        return api;
    }

    public static async Task<JsonHttpResult<IReadOnlyList<NodePassInstanceDto>>> ListInstances(NodePassInstances instances, CancellationToken cancellationToken) =>
        TypedResults.Json(await instances.ListAsync(cancellationToken), Json);

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ProblemHttpResult>> GetInstance(string id, NodePassInstances instances, CancellationToken cancellationToken) =>
        await instances.FindAsync(id, cancellationToken) is { } target ? TypedResults.Json(instances.ToDto(target), Json) : NotFound(id);

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>> CreateInstance(
        NodePassUrlRequest request, NodePassInstances instances, ITunnelStore tunnels, IRelayControl control, ICurrentActor actor, CancellationToken cancellationToken)
    {
        if (!NodePassInstances.TryParseUrl(request.Url, out var tunnel, out var error)) return Invalid("url", error);
        var result = await tunnels.CreateAsync(tunnel with { Name = string.IsNullOrWhiteSpace(request.Alias) ? null : request.Alias }, actor.Actor, cancellationToken);
        if (ToProblem(result, "new") is { } problem) return problem;
        await TunnelsApi.WaitAppliedAsync(control, result.RevisionId, cancellationToken);
        var created = result.Tunnel!;
        var role = created.Roles.First();
        return TypedResults.Json(instances.FromTunnelEnd(created, role, showKey: true), Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>> PatchInstance(
        string id, NodePassPatchRequest request, NodePassInstances instances, ITunnelStore tunnels, IRelayStore relays, IRelayControl control,
        RelayWeb.Master.RelayPlacementStates placements, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var target = await instances.FindAsync(id, cancellationToken);
        if (target is null) return NotFound(id);
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not (null or "" or "start" or "stop" or "restart")) return Invalid("action", $"Invalid action: {request.Action}; use start, stop or restart.");
        if (request.Alias is { Length: > 100 }) return Invalid("alias", "The alias is at most 100 characters.");

        if (!string.IsNullOrWhiteSpace(request.Alias))
        {
            var renamed = target.Tunnel is { } t
                ? await Apply(await tunnels.UpdateAsync(t with { Name = request.Alias, Key = "***" }, actor.Actor, cancellationToken))
                : await Apply(await relays.UpdateAsync(target.Relay! with { Name = request.Alias }, actor.Actor, cancellationToken));
            if (renamed is not null) return renamed;
        }

        switch (action)
        {
            case "start" or "stop":
                if (await SetEnabledAsync(target, action == "start") is { } failed) return failed;
                break;
            case "restart":
                if (target.Relay is { } relay && placements.IsLocal(relay) && relay.Enabled)
                {
                    await control.RestartRelayAsync(relay.RelayId, cancellationToken);
                }
                else if (await SetEnabledAsync(target, false) is { } stopFailed) return stopFailed;
                else if (await SetEnabledAsync(target, true) is { } startFailed) return startFailed;
                break;
        }

        var current = await instances.FindAsync(id, cancellationToken);
        return current is null ? NotFound(id) : TypedResults.Json(instances.ToDto(current), Json);

        async Task<ProblemHttpResult?> SetEnabledAsync(InstanceTarget what, bool enabled) => what.Tunnel is { } tunnel
            ? await Apply(await tunnels.SetEnabledAsync(tunnel.TunnelId, enabled, actor.Actor, cancellationToken))
            : await Apply(await relays.SetEnabledAsync(what.Relay!.RelayId, enabled, actor.Actor, cancellationToken));

        async Task<ProblemHttpResult?> Apply(object result)
        {
            var (status, revision, errors) = result switch
            {
                TunnelStoreResult r => (r.Status, r.RevisionId, r.Errors),
                RelayStoreResult r => (r.Status, r.RevisionId, r.Errors),
                _ => throw new UnreachableException(),
            };
            if (status != RelayStoreStatus.Ok)
            {
                var message = errors?.FirstOrDefault()?.Message ?? status.ToString();
                return status == RelayStoreStatus.NotFound ? NotFound(id) : ApiProblems.Conflict("Instance not changed", message, ApiProblems.ToErrors(errors ?? []));
            }
            await TunnelsApi.WaitAppliedAsync(control, revision, cancellationToken);
            return null;
        }
    }

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>> PutInstance(
        string id, NodePassUrlRequest request, NodePassInstances instances, ITunnelStore tunnels, IRelayControl control, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var target = await instances.FindAsync(id, cancellationToken);
        if (target is null) return NotFound(id);
        if (target.Tunnel is not { } existing)
        {
            return ApiProblems.Conflict("Instance is a relay", $"Instance '{id}' is a relay (single-end forward); change it through /api/v1/relays/{id}.");
        }
        if (!NodePassInstances.TryParseUrl(request.Url, out var parsed, out var error)) return Invalid("url", error);
        var newRole = parsed.Roles.First();
        if (existing.Server is not null && existing.Client is not null && newRole != target.Role)
        {
            return ApiProblems.Conflict("Instance type cannot change", $"Instance '{id}' is one end of a two-ended tunnel; its URL must keep the scheme {NodePassInstances.RoleText(target.Role!.Value)}://.");
        }
        var oldEnd = existing.GetEnd(target.Role!.Value)!;
        var newEnd = parsed.GetEnd(newRole)! with { AgentId = oldEnd.AgentId };
        var replaced = parsed with
        {
            TunnelId = existing.TunnelId,
            Name = existing.Name,
            Enabled = existing.Enabled,
            Key = string.IsNullOrEmpty(parsed.Key) ? "***" : parsed.Key,
            Server = newRole == TunnelRole.Server ? newEnd : (existing.Client is not null && existing.Server is not null ? existing.Server : null),
            Client = newRole == TunnelRole.Client ? newEnd : (existing.Client is not null && existing.Server is not null ? existing.Client : null),
        };
        var result = await tunnels.UpdateAsync(replaced, actor.Actor, cancellationToken);
        if (ToProblem(result, id) is { } problem) return problem;
        await TunnelsApi.WaitAppliedAsync(control, result.RevisionId, cancellationToken);
        return TypedResults.Json(instances.FromTunnelEnd(result.Tunnel!, newRole), Json);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteInstance(
        string id, NodePassInstances instances, ITunnelStore tunnels, IRelayStore relays, IRelayControl control, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var target = await instances.FindAsync(id, cancellationToken);
        if (target is null) return NotFound(id);
        string? revision;
        if (target.Tunnel is { } tunnel)
        {
            // One end of a two-ended tunnel: remove that end only; the last end removes the tunnel.
            var result = tunnel.Server is not null && tunnel.Client is not null
                ? await tunnels.UpdateAsync(target.Role == TunnelRole.Server ? tunnel with { Server = null, Key = "***" } : tunnel with { Client = null, Key = "***" }, actor.Actor, cancellationToken)
                : await tunnels.DeleteAsync(tunnel.TunnelId, actor.Actor, cancellationToken);
            if (result.Status == RelayStoreStatus.NotFound) return NotFound(id);
            revision = result.RevisionId;
        }
        else
        {
            var result = await relays.DeleteAsync(target.Relay!.RelayId, actor.Actor, cancellationToken);
            if (result.Status == RelayStoreStatus.NotFound) return NotFound(id);
            revision = result.RevisionId;
        }
        await TunnelsApi.WaitAppliedAsync(control, revision, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<JsonHttpResult<Dictionary<string, object?>>> GetInfo(NodePassSystemInfo info, CancellationToken cancellationToken) =>
        TypedResults.Json(await info.ReadAsync(cancellationToken), Json);

    public static async Task<Results<JsonHttpResult<NodePassTcpingDto>, ValidationProblem>> Tcping(string? target, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target)) return Invalid("target", "Target address required (?target=host:port).");
        if (!EndpointParser.TryParseTarget(target.Trim(), out _, out var parseError)) return Invalid("target", parseError);
        target = target.Trim();
        if (!await s_tcpingSlots.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken))
        {
            return TypedResults.Json(new NodePassTcpingDto { Target = target, Error = "too many requests" }, Json);
        }
        try
        {
            var colon = target.LastIndexOf(':');
            var host = target[..colon].Trim('[', ']');
            var port = int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var started = time.GetTimestamp();
            try
            {
                await socket.ConnectAsync(host, port, timeout.Token);
                return TypedResults.Json(new NodePassTcpingDto { Target = target, Connected = true, Latency = (long)time.GetElapsedTime(started).TotalMilliseconds }, Json);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return TypedResults.Json(new NodePassTcpingDto { Target = target, Error = e is OperationCanceledException ? "timeout" : e.Message }, Json);
            }
        }
        finally
        {
            s_tcpingSlots.Release();
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"No instance has id '{id}'.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>? ToProblem(TunnelStoreResult result, string id) => result.Status switch
    {
        RelayStoreStatus.Ok => null,
        RelayStoreStatus.NotFound => NotFound(id),
        RelayStoreStatus.Invalid => TypedResults.ValidationProblem(ApiProblems.ToErrors(result.Errors ?? [])),
        _ => ApiProblems.Conflict("Instance name already in use", result.Errors?.FirstOrDefault()?.Message ?? "Another tunnel has this alias.", ApiProblems.ToErrors(result.Errors ?? [])),
    };
}
