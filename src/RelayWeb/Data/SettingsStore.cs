using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary><see cref="ISettingsStore"/> on the <c>settings</c> table; a write and its audit entry commit together.</summary>
public sealed class SettingsStore(IDbContextFactory<RelayDbContext> dbFactory, TimeProvider time) : ISettingsStore
{
    public const string AuditAction = "settings.update";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Value, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Settings.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(IReadOnlyDictionary<string, string?> values, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (values.Count == 0) return;

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var names = values.Keys.ToList();
            var existing = await db.Settings.Where(s => names.Contains(s.Name)).ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            var before = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (name, value) in values)
            {
                existing.TryGetValue(name, out var row);
                before[name] = row?.Value;
                if (value is null)
                {
                    if (row is not null) db.Settings.Remove(row);
                }
                else if (row is null)
                {
                    db.Settings.Add(new Setting { Name = name, Value = value, UpdatedUtc = now });
                }
                else if (row.Value != value)
                {
                    row.Value = value;
                    row.UpdatedUtc = now;
                }
            }
            db.AuditLog.Add(new AuditEntry
            {
                TimestampUtc = now,
                Actor = actor,
                Action = AuditAction,
                Target = names.Count == 1 ? names[0] : "settings",
                Details = JsonSerializer.Serialize(new { before, after = values }, s_json),
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
