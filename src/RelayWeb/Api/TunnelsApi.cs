using Microsoft.AspNetCore.Http.HttpResults;
using RelayEngine.Model;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>What the tunnel endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed class TunnelApiServices(ITunnelStore store, TunnelPlacementStates states, IRelayControl control, ICurrentActor actor, ILogger<TunnelApiServices> logger)
{
    public ITunnelStore Store { get; } = store;
    public TunnelPlacementStates States { get; } = states;
    public IRelayControl Control { get; } = control;
    public ICurrentActor Actor { get; } = actor;
    public ILogger<TunnelApiServices> Logger { get; } = logger;
}

/// <summary>
/// <c>/api/v1/tunnels</c>: CRUD plus start and stop, in <see cref="RelaysApi"/>'s shape. Writes wait (at most
/// <see cref="RelaysApi.ApplyTimeout"/>) until this node's engine has applied the change; ends on agents apply at their next sync.
/// The key is returned in full only by create (shown once); everything else returns <c>***</c>.
/// </summary>
public static class TunnelsApi
{
    public static RouteGroupBuilder MapTunnelsApi(this RouteGroupBuilder api)
    {
        var tunnels = api.MapGroup("/tunnels").WithTags("Tunnels");
        tunnels.MapGet("/", ListTunnels).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("List tunnels").WithDescription("Every tunnel with its ends (which node runs each), their live state, ping, pool and traffic.");
        tunnels.MapGet("/{id}", GetTunnel).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("Get a tunnel");
        tunnels.MapPost("/", CreateTunnel).RequireAuthorization(RelayPolicies.Write).ProducesProblem(409)
            .WithSummary("Create a tunnel").WithDescription("Creates and starts a tunnel. Without a key one is generated; the response is the only one that carries it.");
        tunnels.MapPut("/{id}", UpdateTunnel).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Replace a tunnel's configuration");
        tunnels.MapDelete("/{id}", DeleteTunnel).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Delete a tunnel");
        tunnels.MapPost("/{id}/start", StartTunnel).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Start (enable) both ends");
        tunnels.MapPost("/{id}/stop", StopTunnel).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Stop (disable) both ends");
        return api;
    }

    public static async Task<Ok<List<TunnelDto>>> ListTunnels([AsParameters] TunnelApiServices services, CancellationToken cancellationToken)
    {
        var tunnels = await services.Store.ListAsync(cancellationToken);
        return TypedResults.Ok(tunnels.Select(t => TunnelDto.From(t, services.States)).ToList());
    }

    public static async Task<Results<Ok<TunnelDto>, ProblemHttpResult>> GetTunnel(string id, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken)
    {
        var tunnel = await services.Store.GetAsync(id, cancellationToken);
        return tunnel is null ? ApiProblems.NotFound("Tunnel", id) : TypedResults.Ok(TunnelDto.From(tunnel, services.States));
    }

    public static async Task<Results<Created<TunnelDto>, ValidationProblem, ProblemHttpResult>> CreateTunnel(
        TunnelRequest request, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken)
    {
        if (!TunnelRequestMapper.TryMap(request, "new", out var tunnel, out var errors)) return TypedResults.ValidationProblem(errors);
        var result = await services.Store.CreateAsync(tunnel, services.Actor.Actor, cancellationToken);
        return (await ToWriteResultAsync(services, result, "new", cancellationToken)).Result switch
        {
            Ok<TunnelDto> ok => TypedResults.Created($"/api/v1/tunnels/{Uri.EscapeDataString(ok.Value!.Id)}", ok.Value),
            ValidationProblem invalid => invalid,
            var problem => (ProblemHttpResult)problem,
        };
    }

    public static async Task<Results<Ok<TunnelDto>, ValidationProblem, ProblemHttpResult>> UpdateTunnel(
        string id, TunnelRequest request, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken)
    {
        if (!TunnelRequestMapper.TryMap(request, id, out var tunnel, out var errors)) return TypedResults.ValidationProblem(errors);
        var result = await services.Store.UpdateAsync(tunnel, services.Actor.Actor, cancellationToken);
        return await ToWriteResultAsync(services, result, id, cancellationToken);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTunnel(string id, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken)
    {
        var result = await services.Store.DeleteAsync(id, services.Actor.Actor, cancellationToken);
        if (result.Status == RelayStoreStatus.NotFound) return ApiProblems.NotFound("Tunnel", id);
        await WaitAppliedAsync(services, result.RevisionId, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TunnelDto>, ValidationProblem, ProblemHttpResult>> StartTunnel(string id, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken) =>
        await ToWriteResultAsync(services, await services.Store.SetEnabledAsync(id, true, services.Actor.Actor, cancellationToken), id, cancellationToken);

    public static async Task<Results<Ok<TunnelDto>, ValidationProblem, ProblemHttpResult>> StopTunnel(string id, [AsParameters] TunnelApiServices services, CancellationToken cancellationToken) =>
        await ToWriteResultAsync(services, await services.Store.SetEnabledAsync(id, false, services.Actor.Actor, cancellationToken), id, cancellationToken);

    private static async Task<Results<Ok<TunnelDto>, ValidationProblem, ProblemHttpResult>> ToWriteResultAsync(
        TunnelApiServices services, TunnelStoreResult result, string id, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case RelayStoreStatus.NotFound:
                return ApiProblems.NotFound("Tunnel", id);
            case RelayStoreStatus.Invalid:
                return TypedResults.ValidationProblem(ApiProblems.ToErrors(result.Errors ?? []));
            case RelayStoreStatus.Conflict:
                var errors = ApiProblems.ToErrors(result.Errors ?? []);
                return ApiProblems.Conflict("Tunnel name already in use", errors.Values.SelectMany(m => m).FirstOrDefault() ?? "Another tunnel has this name.", errors);
            default:
                await WaitAppliedAsync(services, result.RevisionId, cancellationToken);
                return TypedResults.Ok(TunnelDto.From(result.Tunnel!, services.States));
        }
    }

    /// <summary>Waits for this node's engine to apply <paramref name="revisionId"/>; on timeout the response shows the state so far.</summary>
    internal static async Task WaitAppliedAsync(IRelayControl control, string? revisionId, CancellationToken cancellationToken)
    {
        if (revisionId is null) return;
        try
        {
            await control.WaitForRevisionAsync(revisionId, cancellationToken).WaitAsync(RelaysApi.ApplyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // the response shows the state so far
        }
    }

    private static Task WaitAppliedAsync(TunnelApiServices services, string? revisionId, CancellationToken cancellationToken) =>
        WaitAppliedAsync(services.Control, revisionId, cancellationToken);
}
