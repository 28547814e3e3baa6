using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;

namespace RelayWeb.Auth;

/// <summary>
/// <see cref="IApiTokenService"/> on the <c>api_tokens</c> table. A presented secret is hashed and looked up by its hash
/// (indexed), then compared in constant time. <c>LastUsedUtc</c> is written at most once a minute per token, so a busy
/// script does not turn every request into a database write.
/// </summary>
public sealed partial class ApiTokenService : IApiTokenService
{
    /// <summary>How stale <c>LastUsedUtc</c> may get before a use is written again.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int MaxNameLength = 100;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiTokenService> _logger;

    public ApiTokenService(IDbContextFactory<RelayDbContext> dbFactory, TimeProvider time, ILogger<ApiTokenService> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiTokens.AsNoTracking().OrderBy(t => t.Key).ToListAsync(cancellationToken);
        return rows.Select(ToInfo).ToList();
    }

    public async Task<ApiTokenCreateResult> CreateAsync(string? name, string? scope, string actor, CancellationToken cancellationToken = default, string? agentId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        name = name?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }
        if (!RelayScopes.IsValid(scope))
        {
            errors["scope"] = [$"Unknown scope '{scope}'; use {string.Join(", ", RelayScopes.All.Select(s => $"'{s}'"))}."];
        }
        agentId = string.IsNullOrWhiteSpace(agentId) ? null : agentId.Trim();
        if (agentId is not null && scope != RelayScopes.Agent)
        {
            errors["agentId"] = ["Only tokens of scope 'agent' are bound to an agent."];
        }
        else if (agentId is not null && !RelayEngine.Configuration.AgentIds.IsValid(agentId))
        {
            errors["agentId"] = [$"'{agentId}' is not an agent id ({RelayEngine.Configuration.AgentIds.Rule})."];
        }
        if (errors.Count > 0) return new ApiTokenCreateResult(null, null, errors);

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.Name == name && t.RevokedUtc == null, cancellationToken))
        {
            return new ApiTokenCreateResult(null, null, new Dictionary<string, string[]> { ["name"] = [$"A token named '{name}' already exists; revoke it first or pick another name."] }, IsConflict: true);
        }

        var secret = ApiTokenSecrets.Generate();
        var now = _time.GetUtcNow().UtcDateTime;
        var entity = new ApiToken
        {
            TokenId = RandomNumberGenerator.GetHexString(12, lowercase: true),
            Name = name!,
            Prefix = ApiTokenSecrets.DisplayPrefix(secret),
            Hash = ApiTokenSecrets.Hash(secret),
            Scope = scope!,
            CreatedUtc = now,
            CreatedBy = actor,
            AgentId = agentId,
        };
        db.ApiTokens.Add(entity);
        db.AuditLog.Add(Audit("token.create", actor, entity, now));
        await db.SaveChangesAsync(cancellationToken);
        Log.TokenCreated(_logger, entity.TokenId, entity.Name, entity.Scope, actor);
        return new ApiTokenCreateResult(ToInfo(entity), secret, null);
    }

    public async Task<bool> RevokeAsync(string tokenId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiTokens.FirstOrDefaultAsync(t => t.TokenId == tokenId, cancellationToken);
        if (entity is null) return false;
        if (entity.RevokedUtc is not null) return true;

        var now = _time.GetUtcNow().UtcDateTime;
        entity.RevokedUtc = now;
        db.AuditLog.Add(Audit("token.revoke", actor, entity, now));
        await db.SaveChangesAsync(cancellationToken);
        Log.TokenRevoked(_logger, entity.TokenId, entity.Name, actor);
        return true;
    }

    public async Task<ApiTokenInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = ApiTokenSecrets.Hash(secret);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (entity is null || !ApiTokenSecrets.HashesEqual(entity.Hash, hash) || entity.RevokedUtc is not null) return null;

        var now = _time.GetUtcNow().UtcDateTime;
        if (entity.LastUsedUtc is null || now - entity.LastUsedUtc.Value >= LastUsedResolution)
        {
            var staleBefore = now - LastUsedResolution;
            // The condition makes concurrent first uses write once; a lost race only means the value is a few ms older.
            await db.ApiTokens
                .Where(t => t.Key == entity.Key && (t.LastUsedUtc == null || t.LastUsedUtc <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUtc, now), cancellationToken);
            entity.LastUsedUtc = now;
        }
        return ToInfo(entity);
    }

    private static ApiTokenInfo ToInfo(ApiToken t) =>
        new(t.TokenId, t.Name, t.Scope, t.Prefix, t.CreatedUtc, t.LastUsedUtc, t.RevokedUtc, t.CreatedBy, t.AgentId);

    private static AuditEntry Audit(string action, string actor, ApiToken token, DateTime now) => new()
    {
        TimestampUtc = now,
        Actor = actor,
        Action = action,
        Target = token.TokenId,
        Details = JsonSerializer.Serialize(new { token.Name, token.Scope, token.Prefix, token.AgentId }, s_json),
    };
}
