using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.Auth;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>What the relay endpoints need, bound with <c>[AsParameters]</c> (eShop's <c>CatalogServices</c> shape).</summary>
public sealed class RelayApiServices(
    IRelayStore store,
    IRelayStateLookup lookup,
    IRelayControl control,
    IEngineConfigValidator validator,
    ICurrentActor actor,
    RelayPlacementStates states,
    ILogger<RelayApiServices> logger)
{
    public IRelayStore Store { get; } = store;
    public IRelayStateLookup Lookup { get; } = lookup;
    public IRelayControl Control { get; } = control;
    public IEngineConfigValidator Validator { get; } = validator;
    public ICurrentActor Actor { get; } = actor;
    public RelayPlacementStates States { get; } = states;
    public ILogger<RelayApiServices> Logger { get; } = logger;
}
