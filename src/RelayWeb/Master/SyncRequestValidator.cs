using RelayEngine.Configuration;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Master;

/// <summary>
/// Checks a whole sync batch before anything is stored: agent id, every record's fields (lengths as the ledger's columns
/// allow, times, counters, state), heartbeat texts. Errors are keyed by JSON path (<c>records[12].bytesUp</c>); at most
/// <see cref="SyncLimits.MaxReportedErrors"/> are listed.
/// </summary>
public static class SyncRequestValidator
{
    private const int MaxTextLength = 1024;

    public static Dictionary<string, string[]> Validate(SyncRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!AgentIds.IsValid(request.AgentId))
        {
            errors["agentId"] = [$"An agent id is required: {AgentIds.Rule}."];
        }
        var records = request.Records ?? [];
        for (var i = 0; i < records.Count && errors.Count < SyncLimits.MaxReportedErrors; i++)
        {
            ValidateRecord(records[i], $"records[{i}]", request.AgentId, errors);
        }
        if (request.Heartbeat is { } heartbeat)
        {
            Text(heartbeat.Version, "heartbeat.version", 32, errors);
            Text(heartbeat.Region, "heartbeat.region", 64, errors);
            Text(heartbeat.LastError, "heartbeat.lastError", MaxTextLength, errors);
            if (heartbeat.Backlog < 0) errors["heartbeat.backlog"] = ["Must be 0 or more."];
            if (heartbeat.SyncIntervalSeconds < 0) errors["heartbeat.syncIntervalSeconds"] = ["Must be 0 or more."];
        }
        Text(request.AssignmentRevision, "assignmentRevision", 64, errors);
        return errors;
    }

    private static void ValidateRecord(SyncRecordDto? record, string path, string? agentId, Dictionary<string, string[]> errors)
    {
        if (record is null)
        {
            errors[path] = ["A record is required (null found)."];
            return;
        }
        var problems = new List<(string Field, string Message)>();
        if (record.Seq < 1) problems.Add(("seq", "A sequence number of 1 or more is required."));
        if (record.Id == Guid.Empty) problems.Add(("id", "A non-empty UUID is required."));
        if (record.AgentId is not null && !string.Equals(record.AgentId, agentId, StringComparison.Ordinal))
        {
            problems.Add(("agentId", $"'{record.AgentId}' differs from the batch's agentId '{agentId}'."));
        }
        Required(record.RelayId, "relayId", 64, problems);
        Required(record.Network, "network", 8, problems);
        Required(record.Source, "source", 64, problems);
        Required(record.Listen, "listen", 128, problems);
        if (record.Target is { Length: > 512 }) problems.Add(("target", "At most 512 characters."));
        if (record.Start is null) problems.Add(("start", "A start time is required."));
        if (record.Start is { } start && record.End is { } end && ToUtc(end) < ToUtc(start)) problems.Add(("end", "The end is before the start."));
        if (record.BytesUp < 0) problems.Add(("bytesUp", "Must be 0 or more."));
        if (record.BytesDown < 0) problems.Add(("bytesDown", "Must be 0 or more."));
        if (record.CloseReason is { Length: > 32 }) problems.Add(("closeReason", "At most 32 characters."));
        if (record.Metadata?.DestinationPort is < 0 or > 65535) problems.Add(("metadata.destinationPort", "Must be a port number, 0 to 65535."));
        if (record.State is { } state)
        {
            var open = state switch { "open" => true, "closed" => false, _ => (bool?)null };
            if (open is null) problems.Add(("state", $"Unknown state '{state}'; use 'open' or 'closed'."));
            else if (open.Value != (record.End is null)) problems.Add(("state", open.Value ? "An open record has no end time." : "A closed record needs an end time."));
        }
        foreach (var (field, message) in problems) errors[$"{path}.{field}"] = [message];
    }

    private static void Required(string? value, string field, int maxLength, List<(string, string)> problems)
    {
        if (string.IsNullOrEmpty(value)) problems.Add((field, "Required."));
        else if (value.Length > maxLength) problems.Add((field, $"At most {maxLength} characters."));
    }

    private static void Text(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        if (value is { } text && text.Length > maxLength) errors[field] = [$"At most {maxLength} characters."];
    }

    internal static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
