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
            .WithSummary("NodePass: create an instance from a URL").WithDescription("Body {\"url\":\"server://...\"} (optional alias, restart) → 201 with the instance; the url in this answer is the only one that carries the key. client://LISTEN/TARGET?mode=1 is single-end forwarding: a TCP and a UDP relay.");
        np.MapGet("/instances/{id}", GetInstance).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("NodePass: get an instance");
        np.MapPatch("/instances/{id}", PatchInstance).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("NodePass: act on an instance").WithDescription("Any of action (start, stop, restart, reset: traffic counters back to zero), alias, restart (auto-start when the master starts).");
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
        await instances.FindAsync(id, cancellationToken) is { } target ? TypedResults.Json(await instances.ToDtoAsync(target, cancellationToken), Json) : NotFound(id);

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>> CreateInstance(
        NodePassUrlRequest request, NodePassInstances instances, NodePassInstanceWriter writer, ICurrentActor actor, CancellationToken cancellationToken)
    {
        if (!NodePassUrls.TryParse(request.Url, out var url, out var error)) return Invalid("url", error);
        var (result, created) = await writer.CreateAsync(url, request.Alias, request.Restart, actor.Actor, cancellationToken);
        if (ToProblem(result, "new") is { } problem) return problem;
        // The one answer whose URL carries the tunnel key.
        var dto = created!.Tunnel is not null ? instances.FromTunnelEnd(created, showKey: true) : await instances.ToDtoAsync(created, cancellationToken);
        return TypedResults.Json(dto, Json, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>> PatchInstance(
        string id, NodePassPatchRequest request, NodePassInstances instances, NodePassInstanceWriter writer, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var target = await instances.FindAsync(id, cancellationToken);
        if (target is null) return NotFound(id);
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not (null or "" or "start" or "stop" or "restart" or "reset")) return Invalid("action", $"Invalid action: {request.Action}; use start, stop, restart or reset.");
        if (request.Alias is { Length: > 100 }) return Invalid("alias", "The alias is at most 100 characters.");

        if (!string.IsNullOrWhiteSpace(request.Alias) && ToProblem(await writer.RenameAsync(target, request.Alias.Trim(), actor.Actor, cancellationToken), id) is { } renameFailed)
        {
            return renameFailed;
        }
        if (request.Restart is { } autoStart) await writer.SetAutoStartAsync(target, autoStart, cancellationToken);
        var acted = action switch
        {
            "start" or "stop" => await writer.SetEnabledAsync(target, action == "start", actor.Actor, cancellationToken),
            "restart" => await writer.RestartAsync(target, actor.Actor, cancellationToken),
            _ => NodePassWriteResult.Ok,
        };
        if (ToProblem(acted, id) is { } actionFailed) return actionFailed;
        if (action == "reset") await writer.ResetAsync(target, cancellationToken);

        var current = await instances.FindAsync(id, cancellationToken);
        return current is null ? NotFound(id) : TypedResults.Json(await instances.ToDtoAsync(current, cancellationToken), Json);
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
        if (!NodePassUrls.TryParse(request.Url, out var url, out var error)) return Invalid("url", error);
        if (url.Tunnel is not { } parsed) return Invalid("url", $"Instance '{id}' is a tunnel end; its URL cannot become single-end forwarding (mode=1).");
        var newRole = parsed.Roles.First();
        if (existing.Server is not null && existing.Client is not null && newRole != target.Role)
        {
            return ApiProblems.Conflict("Instance type cannot change", $"Instance '{id}' is one end of a two-ended tunnel; its URL must keep the scheme {NodePassUrls.RoleText(target.Role!.Value)}://.");
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
        if (ToProblem(new NodePassWriteResult(result.Status, result.Errors), id) is { } problem) return problem;
        await TunnelsApi.WaitAppliedAsync(control, result.RevisionId, cancellationToken);
        return await instances.FindAsync(NodePassInstances.InstanceId(result.Tunnel!, newRole), cancellationToken) is { } updated
            ? TypedResults.Json(await instances.ToDtoAsync(updated, cancellationToken), Json)
            : NotFound(id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteInstance(
        string id, NodePassInstances instances, NodePassInstanceWriter writer, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var target = await instances.FindAsync(id, cancellationToken);
        if (target is null) return NotFound(id);
        var result = await writer.DeleteAsync(target, actor.Actor, cancellationToken);
        return result.Status switch
        {
            RelayStoreStatus.Ok => TypedResults.NoContent(),
            RelayStoreStatus.NotFound => NotFound(id),
            _ => ApiProblems.Conflict("Instance not deleted", result.Errors?.FirstOrDefault()?.Message ?? result.Status.ToString(), ApiProblems.ToErrors(result.Errors ?? [])),
        };
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

    private static Results<JsonHttpResult<NodePassInstanceDto>, ValidationProblem, ProblemHttpResult>? ToProblem(NodePassWriteResult result, string id) => result.Status switch
    {
        RelayStoreStatus.Ok => null,
        RelayStoreStatus.NotFound => NotFound(id),
        RelayStoreStatus.Invalid => TypedResults.ValidationProblem(ApiProblems.ToErrors(result.Errors ?? [])),
        _ => ApiProblems.Conflict("Instance name already in use", result.Errors?.FirstOrDefault()?.Message ?? "Another tunnel or relay has this alias.", ApiProblems.ToErrors(result.Errors ?? [])),
    };
}
