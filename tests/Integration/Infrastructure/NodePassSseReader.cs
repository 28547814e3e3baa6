using System.Text.Json;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Reads NodePass's SSE frames: <c>event: instance</c> + <c>data: {"type":...,"instance":{...}}</c>.</summary>
internal sealed class NodePassSseReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next non-empty line; throws at the end of the stream.</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync().WaitAsync(timeout ?? TestTimeouts.Default) ?? throw new EndOfStreamException();
            if (line.Length > 0) return line;
        }
    }

    /// <summary>The next event's data that <paramref name="match"/> accepts; earlier ones are skipped.</summary>
    public async Task<JsonElement> ReadAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        string? current = null;
        while (true)
        {
            var line = await ReadLineAsync(timeout);
            if (line.StartsWith("event: ", StringComparison.Ordinal)) current = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Equal("instance", current);
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (match(data)) return data;
            }
        }
    }

    /// <summary>
    /// For each of <paramref name="matches"/>, the first event's data it accepts, whatever order they come in (events of
    /// different engine streams, such as relay states and connections, are not ordered with each other).
    /// </summary>
    public async Task<JsonElement[]> ReadEachAsync(params Func<JsonElement, bool>[] matches)
    {
        var found = new JsonElement?[matches.Length];
        while (found.Any(f => f is null))
        {
            var data = await ReadAsync(e => Enumerable.Range(0, matches.Length).Any(i => found[i] is null && matches[i](e)));
            var index = Enumerable.Range(0, matches.Length).First(i => found[i] is null && matches[i](data));
            found[index] = data;
        }
        return [.. found.Select(f => f!.Value)];
    }

    public static string? TypeOf(JsonElement e) => e.GetProperty("type").GetString();

    public static string? IdOf(JsonElement e) => e.GetProperty("instance").GetProperty("id").GetString();
}
