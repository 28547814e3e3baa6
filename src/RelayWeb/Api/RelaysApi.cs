using Microsoft.AspNetCore.Http.HttpResults;
using RelayEngine.Configuration;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>
/// <c>/api/v1/relays</c>: CRUD plus start, stop and restart. Writes wait (at most <see cref="ApplyTimeout"/>) until the engine
/// has applied the change, so the response shows the real state — <c>Running</c>, or <c>Faulted</c> with the reason when,
/// say, the port is taken (that is a state, not a request error: the relay is still created).
/// </summary>
public static partial class RelaysApi
{
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapRelaysApi(this RouteGroupBuilder api)
    {
        var relays = api.MapGroup("/relays").WithTags("Relays");
        relays.MapGet("/", ListRelays).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("List relays").WithDescription("Every relay with its configuration, live state and counters.");
        relays.MapGet("/{id}", GetRelay).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("Get a relay");
        relays.MapPost("/", CreateRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Create a relay").WithDescription("Creates and starts a relay. A relay whose port is in use is still created; its state is Faulted with the reason.");
        relays.MapPut("/{id}", UpdateRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Replace a relay's configuration").WithDescription("Applied at once; open connections of a changed relay are closed.");
        relays.MapDelete("/{id}", DeleteRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Delete a relay");
        relays.MapPost("/{id}/start", StartRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Start (enable) a relay");
        relays.MapPost("/{id}/stop", StopRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).WithSummary("Stop (disable) a relay");
        relays.MapPost("/{id}/restart", RestartRelay).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Restart a relay").WithDescription("Unbinds and binds again, closing its open connections (reason relay_stopped).");
        return api;
    }

    public static async Task<Ok<List<RelayDto>>> ListRelays([AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        var relays = await services.Store.ListAsync(cancellationToken);
        return TypedResults.Ok(relays.Select(r => ToDto(services, r)).ToList());
    }

    public static async Task<Results<Ok<RelayDto>, ProblemHttpResult>> GetRelay(string id, [AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        var relay = await services.Store.GetAsync(id, cancellationToken);
        return relay is null ? ApiProblems.NotFound("Relay", id) : TypedResults.Ok(ToDto(services, relay));
    }

    public static async Task<Results<Created<RelayDto>, ValidationProblem, ProblemHttpResult>> CreateRelay(
        RelayRequest request, [AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        if (!RelayRequestMapper.TryMap(request, "new", services.Validator, out var config, out var errors)) return TypedResults.ValidationProblem(errors);
        var result = await services.Store.CreateAsync(config, services.Actor.Actor, cancellationToken);
        return (await ToWriteResultAsync(services, result, "new", cancellationToken)).Result switch
        {
            Ok<RelayDto> ok => TypedResults.Created($"/api/v1/relays/{Uri.EscapeDataString(ok.Value!.Id)}", ok.Value),
            ValidationProblem invalid => invalid,
            var problem => (ProblemHttpResult)problem,
        };
    }

    public static async Task<Results<Ok<RelayDto>, ValidationProblem, ProblemHttpResult>> UpdateRelay(
        string id, RelayRequest request, [AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        if (!RelayRequestMapper.TryMap(request, id, services.Validator, out var config, out var errors)) return TypedResults.ValidationProblem(errors);
        var result = await services.Store.UpdateAsync(config, services.Actor.Actor, cancellationToken);
        return await ToWriteResultAsync(services, result, id, cancellationToken);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRelay(string id, [AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        var result = await services.Store.DeleteAsync(id, services.Actor.Actor, cancellationToken);
        if (result.Status == RelayStoreStatus.NotFound) return ApiProblems.NotFound("Relay", id);
        await WaitAppliedAsync(services, result.RevisionId, cancellationToken);
        return TypedResults.NoContent();
    }

    public static Task<Results<Ok<RelayDto>, ValidationProblem, ProblemHttpResult>> StartRelay(string id, [AsParameters] RelayApiServices services, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, true, services, cancellationToken);

    public static Task<Results<Ok<RelayDto>, ValidationProblem, ProblemHttpResult>> StopRelay(string id, [AsParameters] RelayApiServices services, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, false, services, cancellationToken);

    public static async Task<Results<Ok<RelayDto>, ProblemHttpResult>> RestartRelay(string id, [AsParameters] RelayApiServices services, CancellationToken cancellationToken)
    {
        var relay = await services.Store.GetAsync(id, cancellationToken);
        if (relay is null) return ApiProblems.NotFound("Relay", id);
        if (!services.States.IsLocal(relay))
        {
            return ApiProblems.Conflict("Relay runs on an agent", $"Relay '{relay.RelayId}' runs on agent '{relay.AgentId}'; stop and start it instead (applied at the agent's next sync).");
        }
        if (!await services.Control.RestartRelayAsync(relay.RelayId, cancellationToken))
        {
            return ApiProblems.Conflict("Relay not running in the engine", $"The engine has not loaded relay '{relay.RelayId}' yet; try again.");
        }
        Log.RelayRestarted(services.Logger, relay.RelayId, services.Actor.Actor);
        return TypedResults.Ok(ToDto(services, relay));
    }

    private static async Task<Results<Ok<RelayDto>, ValidationProblem, ProblemHttpResult>> SetEnabledAsync(string id, bool enabled, RelayApiServices services, CancellationToken cancellationToken)
    {
        var result = await services.Store.SetEnabledAsync(id, enabled, services.Actor.Actor, cancellationToken);
        return await ToWriteResultAsync(services, result, id, cancellationToken);
    }

    private static async Task<Results<Ok<RelayDto>, ValidationProblem, ProblemHttpResult>> ToWriteResultAsync(
        RelayApiServices services, RelayStoreResult result, string id, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case RelayStoreStatus.NotFound:
                return ApiProblems.NotFound("Relay", id);
            case RelayStoreStatus.Invalid:
                return TypedResults.ValidationProblem(ApiProblems.ToErrors(result.Errors ?? []));
            case RelayStoreStatus.Conflict:
                var errors = ApiProblems.ToErrors(result.Errors ?? []);
                return ApiProblems.Conflict("Relay name already in use", errors.Values.SelectMany(m => m).FirstOrDefault() ?? "Another relay has this name.", errors);
            default:
                await WaitAppliedAsync(services, result.RevisionId, cancellationToken);
                return TypedResults.Ok(ToDto(services, result.Relay!));
        }
    }

    /// <summary>Waits for the engine to apply <paramref name="revisionId"/>; on timeout the response shows the state so far.</summary>
    private static async Task WaitAppliedAsync(RelayApiServices services, string? revisionId, CancellationToken cancellationToken)
    {
        if (revisionId is null) return;
        try
        {
            await services.Control.WaitForRevisionAsync(revisionId, cancellationToken).WaitAsync(ApplyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.ApplyTimedOut(services.Logger, revisionId, ApplyTimeout.TotalSeconds);
        }
    }

    private static RelayDto ToDto(RelayApiServices services, RelayConfig relay) =>
        RelayDto.From(relay, services.States.Get(relay));
}
