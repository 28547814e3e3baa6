using RelayEngine.Configuration;

namespace RelayWeb.ViewModels;

/// <summary>
/// Validation messages keyed by the dialog field they belong to. The validator's field names (<c>listen</c>,
/// <c>targets[2]</c>, <c>idleTimeoutMs</c>...) are mapped onto the form's fields; anything unknown is a general error.
/// </summary>
public sealed class RelayFormErrors
{
    public const string General = "";

    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.OrdinalIgnoreCase);

    public static RelayFormErrors None { get; } = new();

    public bool HasErrors => _byField.Count > 0;

    public IReadOnlyList<string> For(string field) => _byField.TryGetValue(field, out var list) ? list : [];

    public bool Has(string field) => _byField.ContainsKey(field);

    public static RelayFormErrors From(IEnumerable<ConfigError> errors, RelayFormModel? form = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new RelayFormErrors();
        foreach (var error in errors) result.Add(error, form);
        return result;
    }

    public static RelayFormErrors FromMessage(string message)
    {
        var result = new RelayFormErrors();
        result.Add(General, message);
        return result;
    }

    private void Add(ConfigError error, RelayFormModel? form)
    {
        var field = error.Field ?? "";
        if (field.StartsWith("targets[", StringComparison.OrdinalIgnoreCase) && field.EndsWith(']'))
        {
            var indexText = field["targets[".Length..^1];
            var prefix = int.TryParse(indexText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                ? $"Target {index + 1}" + (form is not null && index < form.TargetList.Count ? $" ({form.TargetList[index]})" : "") + ": "
                : "";
            Add(RelayFormFields.Targets, prefix + error.Message);
            return;
        }
        var known = RelayFormFields.All.FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase));
        if (known == RelayFormFields.IdleTimeout)
        {
            // The form asks for seconds; the validator speaks milliseconds.
            Add(known, "Must be at least 1 s and at most 7 days (604800 s).");
            return;
        }
        Add(known ?? General, error.Message);
    }

    private void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }
}
