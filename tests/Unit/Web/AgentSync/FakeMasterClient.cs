using RelayWeb.AgentSync;
using RelayWeb.Api.Contracts;

namespace RelayWeb.UnitTests.Web.AgentSync;

/// <summary>
/// A master in memory: stores records by id with the master's rules (counters never go down, a closed record never
/// reopens) and acknowledges the highest seq, unless a scripted <see cref="Next"/> step says otherwise.
/// </summary>
internal sealed class FakeMasterClient : IMasterSyncClient
{
    public Uri? MasterUrl { get; init; } = new("http://master.test/");

    /// <summary>Every request received, in order.</summary>
    public List<SyncRequest> Requests { get; } = [];

    /// <summary>What the master holds, by connection id.</summary>
    public Dictionary<Guid, SyncRecordDto> Stored { get; } = [];

    /// <summary>How many record writes the master did (re-sent records count again).</summary>
    public int RecordWrites { get; private set; }

    /// <summary>Scripted behaviour of the next requests; when empty, store and acknowledge.</summary>
    public Queue<Step> Next { get; } = new();

    /// <summary>The assignment sent when the request's revision differs.</summary>
    public AgentAssignmentDto? Assignment { get; set; }

    /// <summary>Largest batch accepted; larger ones get 413.</summary>
    public int MaxRecords { get; set; } = int.MaxValue;

    public Task<SyncResponse> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var records = request.Records ?? [];
        if (records.Count > MaxRecords) throw new SyncFailedException(SyncFailureKind.TooLarge, "413 Payload Too Large", 413);
        var step = Next.Count > 0 ? Next.Dequeue() : Step.Ok;
        if (step == Step.Unreachable) throw new SyncFailedException(SyncFailureKind.Unreachable, "Connection refused.");
        if (step == Step.Rejected) throw new SyncFailedException(SyncFailureKind.Rejected, "401 Unauthorized", 401);
        foreach (var record in records) Store(record!);
        if (step == Step.StoreThenLoseAnswer) throw new SyncFailedException(SyncFailureKind.Unreachable, "The master's answer was cut off.");
        long? ack = records.Count == 0 ? null : step == Step.AcknowledgeHalf ? records[records.Count / 2 - 1]!.Seq : records.Max(r => r!.Seq);
        var assignment = Assignment is { } a && a.Revision != request.AssignmentRevision ? a : null;
        return Task.FromResult(new SyncResponse(ack, records.Count, assignment));
    }

    private void Store(SyncRecordDto record)
    {
        RecordWrites++;
        if (Stored.TryGetValue(record.Id, out var existing) && existing.End is not null)
        {
            Stored[record.Id] = existing with { BytesUp = Math.Max(existing.BytesUp, record.BytesUp), BytesDown = Math.Max(existing.BytesDown, record.BytesDown) };
            return;
        }
        Stored[record.Id] = existing is null ? record : record with
        {
            BytesUp = Math.Max(existing.BytesUp, record.BytesUp),
            BytesDown = Math.Max(existing.BytesDown, record.BytesDown),
        };
    }

    public enum Step
    {
        Ok,
        Unreachable,
        Rejected,

        /// <summary>The batch is committed, then the answer is lost (the agent never learns).</summary>
        StoreThenLoseAnswer,

        /// <summary>Only the first half of the batch is acknowledged.</summary>
        AcknowledgeHalf,
    }
}
