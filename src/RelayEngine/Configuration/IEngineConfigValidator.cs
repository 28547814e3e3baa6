namespace RelayEngine.Configuration;

/// <summary>Validates a relay before it is stored or applied. Collects every error instead of stopping at the first.</summary>
public interface IEngineConfigValidator
{
    IReadOnlyList<ConfigError> Validate(RelayConfig relay);
}
