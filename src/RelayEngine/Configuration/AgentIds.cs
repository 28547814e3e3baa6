namespace RelayEngine.Configuration;

/// <summary>
/// The form of a node's id (<see cref="Management.RelayEngineOptions.AgentId"/>, <see cref="RelayConfig.AgentId"/>): 1 to 64
/// characters, ASCII letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting with a letter or digit. Compared ordinally.
/// </summary>
public static class AgentIds
{
    public const int MaxLength = 64;

    /// <summary>What a valid id looks like, for error messages.</summary>
    public const string Rule = "1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? agentId)
    {
        if (string.IsNullOrEmpty(agentId) || agentId.Length > MaxLength || !char.IsAsciiLetterOrDigit(agentId[0])) return false;
        foreach (var c in agentId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        }
        return true;
    }
}
