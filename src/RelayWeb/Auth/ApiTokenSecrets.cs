using System.Security.Cryptography;
using System.Text;

namespace RelayWeb.Auth;

/// <summary>
/// API token secrets: <c>rly_</c> + 32 random base62 characters (190 bits). Only the SHA-256 hash (lower-case hex) is stored;
/// comparisons are constant-time.
/// </summary>
public static class ApiTokenSecrets
{
    public const string SecretPrefix = "rly_";
    public const int RandomLength = 32;

    /// <summary>Characters of the secret shown in lists to recognise a token (<c>rly_AbCd</c>).</summary>
    public const int DisplayPrefixLength = 8;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => SecretPrefix + RandomNumberGenerator.GetString(Base62, RandomLength);

    public static string DisplayPrefix(string secret) => secret[..Math.Min(DisplayPrefixLength, secret.Length)];

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time comparison of two secrets of any length (both are hashed first, so lengths never leak).</summary>
    public static bool SecretsEqual(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>Constant-time comparison of two hex hashes.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
