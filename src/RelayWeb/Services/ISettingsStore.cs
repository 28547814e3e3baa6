namespace RelayWeb.Services;

/// <summary>
/// The host settings changed at run time (retention, backups, job schedules), kept in the <c>settings</c> table as
/// name/value pairs. Every change is audited (<c>settings.update</c>). Names are dotted, lower-case: <c>retention.ledger.days</c>.
/// </summary>
public interface ISettingsStore
{
    /// <summary>Every stored setting. A name that was never set is absent: callers apply their own default.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAllAsync(CancellationToken cancellationToken = default);

    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, with a null value, removes) several settings in one transaction with one audit entry.</summary>
    Task SetAsync(IReadOnlyDictionary<string, string?> values, string actor, CancellationToken cancellationToken = default);
}
