namespace RelayEngine.Configuration;

/// <summary>
/// The engine's only configuration input (YARP's IProxyConfigProvider shape). The host implements it
/// (a database-backed provider in RelayWeb, <see cref="InMemoryEngineConfigProvider"/> for headless runs and tests).
/// </summary>
public interface IEngineConfigProvider
{
    IEngineConfig GetConfig();
}
