using RelayWeb.Api.Contracts;
using RelayWeb.Data;

namespace RelayWeb.AgentSync;

/// <summary>An outbox row as a sync record (the API's connection shape plus its sequence number).</summary>
public static class SyncRecordMapper
{
    public static SyncRecordDto ToDto(OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var c = record.Connection;
        return new SyncRecordDto
        {
            Seq = record.Seq,
            Id = c.Id,
            RelayId = c.RelayId,
            Network = c.Network,
            Source = c.Source,
            Listen = c.Listen,
            Target = c.Target,
            Start = c.StartUtc,
            End = c.EndUtc,
            BytesUp = c.BytesUp,
            BytesDown = c.BytesDown,
            CloseReason = c.IsOpen ? null : ConnectionMapper.ToText(c.CloseReason),
            State = c.IsOpen ? ConnectionDto.Open : ConnectionDto.Closed,
            Metadata = SyncMetadataDto.From(c.Metadata),
        };
    }
}
