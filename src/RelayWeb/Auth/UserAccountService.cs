using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;

namespace RelayWeb.Auth;

/// <summary>
/// Dashboard users: password checks and changes. Hashes are ASP.NET Core Identity's (<see cref="PasswordHasher{TUser}"/>:
/// PBKDF2-HMAC-SHA512, 100,000 iterations, per-user salt) and are upgraded on login when the format is outdated.
/// </summary>
public sealed partial class UserAccountService
{
    public const string AdminUserName = "admin";

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly IPasswordHasher<User> _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger<UserAccountService> _logger;
    private readonly Lazy<string> _dummyHash;

    public UserAccountService(IDbContextFactory<RelayDbContext> dbFactory, IPasswordHasher<User> hasher, TimeProvider time, ILogger<UserAccountService> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _dummyHash = new(() => _hasher.HashPassword(NewUser("nobody"), RandomNumberGenerator.GetHexString(16)));
    }

    /// <summary>The user if <paramref name="password"/> is right; null otherwise (unknown users take as long as known ones).</summary>
    public async Task<User?> ValidateCredentialsAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null)
        {
            _hasher.VerifyHashedPassword(NewUser(userName), _dummyHash.Value, password); // equalize timing
            return null;
        }

        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = _hasher.HashPassword(user, password);
        user.LastLoginUtc = _time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Sets a user's password; false when the user does not exist.</summary>
    public async Task<bool> SetPasswordAsync(string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null) return false;
        user.PasswordHash = _hasher.HashPassword(user, newPassword);
        await db.SaveChangesAsync(cancellationToken);
        Log.PasswordChanged(_logger, user.UserName);
        return true;
    }

    /// <summary>
    /// Start-up: when no user exists, creates <c>admin</c> with <paramref name="configuredPassword"/> or a generated password
    /// that is logged once at Warning. When a password is configured and <c>admin</c> exists, its password is set to it.
    /// </summary>
    public async Task EnsureAdminAsync(string? configuredPassword, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var admin = await db.Users.FirstOrDefaultAsync(u => u.UserName == AdminUserName, cancellationToken);
        var hasPassword = !string.IsNullOrEmpty(configuredPassword);
        if (admin is not null)
        {
            if (hasPassword && _hasher.VerifyHashedPassword(admin, admin.PasswordHash, configuredPassword!) == PasswordVerificationResult.Failed)
            {
                admin.PasswordHash = _hasher.HashPassword(admin, configuredPassword!);
                await db.SaveChangesAsync(cancellationToken);
                Log.AdminPasswordFromConfiguration(_logger);
            }
            return;
        }
        if (!hasPassword && await db.Users.AnyAsync(cancellationToken)) return;

        var password = hasPassword ? configuredPassword! : GeneratePassword();
        admin = NewUser(AdminUserName);
        admin.PasswordHash = _hasher.HashPassword(admin, password);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        if (hasPassword) Log.AdminCreatedFromConfiguration(_logger);
        else Log.AdminCreatedWithPassword(_logger, password);
    }

    /// <summary>20 random characters from an alphabet without look-alikes (about 115 bits).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    private User NewUser(string userName) => new()
    {
        UserName = userName,
        PasswordHash = "",
        Role = RelayScopes.Admin,
        CreatedUtc = _time.GetUtcNow().UtcDateTime,
    };
}
