using System.Text.RegularExpressions;

namespace RelayWeb.Jobs;

/// <summary>Job names: 2–64 characters, lower-case letters, digits and dashes, starting with a letter.</summary>
public static partial class JobNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex Pattern();
}
