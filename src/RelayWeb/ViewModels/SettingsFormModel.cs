using RelayWeb.Retention;
using RelayWeb.Settings;

namespace RelayWeb.ViewModels;

/// <summary>The Settings page's retention and backup form: a field per retention kind, backups to keep, and the errors per field.</summary>
public sealed class SettingsFormModel
{
    public List<RetentionField> Retention { get; } = [];
    public int? BackupKeep { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static SettingsFormModel From(OperationsSettings settings, IEnumerable<IRetentionTarget> targets)
    {
        var model = new SettingsFormModel { BackupKeep = settings.BackupKeep };
        foreach (var target in targets)
        {
            model.Retention.Add(new RetentionField(target.Kind, target.Title, target.DefaultDays) { Days = settings.RetentionDays.GetValueOrDefault(target.Kind, target.DefaultDays) });
        }
        return model;
    }

    /// <summary>The values to save; a field left empty is reported as an error instead.</summary>
    public (Dictionary<string, int> RetentionDays, int? BackupKeep) ToUpdate()
    {
        Errors.Clear();
        var days = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in Retention)
        {
            if (field.Days is { } value) days[field.Kind] = value;
            else Errors[field.ErrorKey] = "Enter a number of days (0 keeps everything).";
        }
        if (BackupKeep is null) Errors["backupKeep"] = "Enter how many backups to keep.";
        return (days, BackupKeep);
    }

    public void SetErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        Errors.Clear();
        foreach (var (field, messages) in errors) Errors[field] = string.Join(" ", messages);
    }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public sealed class RetentionField(string kind, string title, int defaultDays)
    {
        public string Kind { get; } = kind;
        public string Title { get; } = title;
        public int DefaultDays { get; } = defaultDays;
        public int? Days { get; set; }

        /// <summary>The API's field name, which <see cref="OperationsSettingsService.UpdateAsync"/> uses for its errors.</summary>
        public string ErrorKey => "retentionDays." + Kind;
    }
}
