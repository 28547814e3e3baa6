using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Api;

public sealed class ConnectionCsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_Value_IsQuotedAndFormulaSafe(string? value, string expected)
    {
        Assert.Equal(expected, ConnectionCsvWriter.Text(value));
    }

    [Fact]
    public void FormatRow_OpenConnection_LeavesEndAndReasonEmpty()
    {
        var row = ConnectionCsvWriter.FormatRow(new ConnectionDto
        {
            Id = Guid.Empty, AgentId = "local", RelayId = "r1", Network = "tcp", Source = "127.0.0.1:5000", Listen = "127.0.0.1:80",
            Target = "=evil", Start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), DurationMs = 7, BytesUp = 1, BytesDown = 2, State = "open",
        });

        Assert.Equal("00000000-0000-0000-0000-000000000000,local,r1,tcp,127.0.0.1:5000,127.0.0.1:80,'=evil,2026-01-02T03:04:05.000Z,,7,1,2,,open,,,,,\r\n", row);
    }

    [Fact]
    public void FormatRow_MihomoConnection_WritesHostProcessChainsAndRule()
    {
        var row = ConnectionCsvWriter.FormatRow(new ConnectionDto
        {
            Id = Guid.Empty, AgentId = "local", RelayId = "mihomo", Network = "tcp", Source = "10.0.0.2:5000", Listen = "", Target = "example.com:443",
            Start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), State = "open",
            Host = "example.com", Process = "curl", Chains = ["HK-01", "Proxy"], Rule = "DomainSuffix", RulePayload = "example.com",
        });

        Assert.EndsWith(",open,example.com,curl,HK-01 > Proxy,DomainSuffix,example.com\r\n", row);
    }
}
