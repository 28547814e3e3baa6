using System.Globalization;
using System.Text;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Api;

/// <summary>
/// Writes connections as CSV (RFC 4180: CRLF rows, fields with commas, quotes or line breaks quoted, quotes doubled). Text
/// cells starting with <c>= + - @</c> (or tab/CR) get a leading <c>'</c> so spreadsheets never run them as formulas.
/// </summary>
public static class ConnectionCsvWriter
{
    public static readonly string[] Header =
        ["id", "agentId", "relayId", "network", "source", "listen", "target", "start", "end", "durationMs", "bytesUp", "bytesDown", "closeReason", "state", "host", "process", "chains", "rule", "rulePayload"];

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ConnectionDto> rows, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer)
        {
            await writer.WriteAsync(string.Join(',', Header) + "\r\n");
            var count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await writer.WriteAsync(FormatRow(row));
                if (++count % 500 == 0) await writer.FlushAsync(cancellationToken);
            }
            await writer.FlushAsync(cancellationToken);
        }
    }

    public static string FormatRow(ConnectionDto c) => string.Join(',',
        Text(c.Id.ToString()), Text(c.AgentId), Text(c.RelayId), Text(c.Network), Text(c.Source), Text(c.Listen), Text(c.Target),
        Time(c.Start), Time(c.End), Number(c.DurationMs), Number(c.BytesUp), Number(c.BytesDown),
        Text(c.CloseReason is { } reason ? CloseReasonText(reason) : null), Text(c.State),
        Text(c.Host), Text(c.Process), Text(c.Chains is { Count: > 0 } chains ? string.Join(" > ", chains) : null), Text(c.Rule), Text(c.RulePayload)) + "\r\n";

    /// <summary>One text cell: neutralized against formula injection, then quoted if needed.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string CloseReasonText(RelayEngine.Connections.CloseReason reason) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
}
