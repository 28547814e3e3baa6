using RelayWeb.Api.Contracts;
using RelayWeb.Master;

namespace RelayWeb.UnitTests.Web.Master;

public sealed class SyncRequestValidatorTests
{
    private static readonly DateTime s_start = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Validate_ValidBatch_NoErrors()
    {
        // Arrange
        var request = new SyncRequest { AgentId = "edge-1", Records = [Record(), Record() with { Seq = 2, End = null, CloseReason = null, State = "open" }] };

        // Act
        var errors = SyncRequestValidator.Validate(request);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234567890")]
    public void Validate_BadAgentId_Error(string? agentId)
    {
        // Act
        var errors = SyncRequestValidator.Validate(new SyncRequest { AgentId = agentId });

        // Assert
        Assert.Contains("agentId", errors.Keys);
    }

    [Fact]
    public void Validate_BadRecord_ErrorsKeyedByRecordAndField()
    {
        // Arrange
        var bad = Record() with
        {
            Seq = 0, Id = Guid.Empty, AgentId = "someone-else", RelayId = null, Source = new string('x', 65), End = s_start.AddSeconds(-1),
            BytesUp = -1, BytesDown = -2, State = "open",
        };

        // Act
        var errors = SyncRequestValidator.Validate(new SyncRequest { AgentId = "edge-1", Records = [Record(), bad] });

        // Assert
        Assert.Equal(
            ["records[1].agentId", "records[1].bytesDown", "records[1].bytesUp", "records[1].end", "records[1].id", "records[1].relayId", "records[1].seq", "records[1].source", "records[1].state"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_NullRecord_Error()
    {
        // Act
        var errors = SyncRequestValidator.Validate(new SyncRequest { AgentId = "edge-1", Records = [null] });

        // Assert
        Assert.Contains("records[0]", errors.Keys);
    }

    [Fact]
    public void Validate_ThousandsOfBadRecords_ErrorListBounded()
    {
        // Arrange
        var records = Enumerable.Range(0, 3000).Select(_ => (SyncRecordDto?)(Record() with { BytesUp = -1 })).ToList();

        // Act
        var errors = SyncRequestValidator.Validate(new SyncRequest { AgentId = "edge-1", Records = records });

        // Assert
        Assert.InRange(errors.Count, 1, SyncLimits.MaxReportedErrors);
    }

    private static SyncRecordDto Record() => new()
    {
        Seq = 1,
        Id = Guid.CreateVersion7(),
        RelayId = "r1",
        Network = "tcp",
        Source = "10.0.0.1:1234",
        Listen = "0.0.0.0:80",
        Target = "10.0.0.2:80",
        Start = s_start,
        End = s_start.AddSeconds(3),
        BytesUp = 10,
        BytesDown = 20,
        CloseReason = "client_closed",
        State = "closed",
    };
}
