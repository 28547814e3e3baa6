namespace RelayEngine.Configuration;

/// <summary>One validation failure, naming the field at fault (camelCase, as in the API body).</summary>
public sealed record ConfigError(string Field, string Message);
