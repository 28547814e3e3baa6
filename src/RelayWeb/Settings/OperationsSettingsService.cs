using System.Globalization;
using RelayWeb.Retention;
using RelayWeb.Services;

namespace RelayWeb.Settings;

/// <summary>
/// Reads and validates the retention and backup settings (<c>retention.KIND.days</c>, <c>backup.keep</c>) over
/// <see cref="ISettingsStore"/>, applying defaults for what was never set. The retention kinds are the registered
/// <see cref="IRetentionTarget"/>s, so a feature that adds one (roll-ups) gets its setting here for free.
/// </summary>
public sealed class OperationsSettingsService(ISettingsStore store, IEnumerable<IRetentionTarget> targets)
{
    public const string BackupKeepSetting = "backup.keep";
    public const int DefaultBackupKeep = 7;
    public const int MaxRetentionDays = 36_500;
    public const int MaxBackupKeep = 1000;

    private readonly IReadOnlyList<IRetentionTarget> _targets = [.. targets];

    public IReadOnlyList<IRetentionTarget> RetentionTargets => _targets;

    public static string RetentionSetting(string kind) => $"retention.{kind}.days";

    public async Task<OperationsSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var days = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in _targets)
        {
            days[target.Kind] = ReadInt(stored, RetentionSetting(target.Kind), target.DefaultDays, 0, MaxRetentionDays);
        }
        return new OperationsSettings(days, ReadInt(stored, BackupKeepSetting, DefaultBackupKeep, 1, MaxBackupKeep));
    }

    /// <summary>
    /// Validates and stores the given values (null leaves a value as it is). Returns the errors keyed by API field
    /// (<c>retentionDays.ledger</c>, <c>backupKeep</c>); nothing is stored when there is any.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> UpdateAsync(IReadOnlyDictionary<string, int>? retentionDays, int? backupKeep, string actor,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (kind, days) in retentionDays ?? new Dictionary<string, int>())
        {
            var field = "retentionDays." + kind;
            if (!_targets.Any(t => t.Kind == kind))
            {
                errors[field] = [$"Unknown kind '{kind}'; known: {string.Join(", ", _targets.Select(t => t.Kind))}."];
            }
            else if (days is < 0 or > MaxRetentionDays)
            {
                errors[field] = [$"Must be between 0 (keep everything) and {MaxRetentionDays} days."];
            }
            else
            {
                values[RetentionSetting(kind)] = days.ToString(CultureInfo.InvariantCulture);
            }
        }
        if (backupKeep is { } keep)
        {
            if (keep is < 1 or > MaxBackupKeep) errors["backupKeep"] = [$"Must be between 1 and {MaxBackupKeep}."];
            else values[BackupKeepSetting] = keep.ToString(CultureInfo.InvariantCulture);
        }
        if (errors.Count == 0 && values.Count > 0) await store.SetAsync(values, actor, cancellationToken).ConfigureAwait(false);
        return errors;
    }

    private static int ReadInt(IReadOnlyDictionary<string, string> stored, string name, int fallback, int min, int max) =>
        stored.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : fallback;
}
