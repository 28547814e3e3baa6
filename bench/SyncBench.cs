#:property PublishAot=false
#:property Nullable=enable
// Load generator for bench/sync-ingest.sh (a .NET 10 file-based app: `dotnet run bench/SyncBench.cs -- MODE ...`).
//   ingest URL TOKEN AGENTS BATCHES BATCH  POST /api/v1/sync from AGENTS agents at once, each BATCHES batches of BATCH unique
//                                          records (bodies built before the clock starts); prints records/s accepted.
//   echo PORT                              a TCP echo server on 127.0.0.1:PORT until killed.
//   load HOST:PORT SECONDS CONCURRENCY     short echo connections through a relay for SECONDS; prints connections/s.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

switch (args.FirstOrDefault())
{
    case "ingest": return await IngestAsync(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]));
    case "echo": await EchoAsync(int.Parse(args[1])); return 0;
    case "load": return await LoadAsync(IPEndPoint.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
    default:
        Console.Error.WriteLine("usage: SyncBench.cs ingest URL TOKEN AGENTS BATCHES BATCH | echo PORT | load HOST:PORT SECONDS CONCURRENCY");
        return 2;
}

static async Task<int> IngestAsync(string url, string token, int agents, int batches, int batchSize)
{
    var runId = Guid.NewGuid().ToString("N")[..6];
    Console.Error.WriteLine($"  building {agents * batches:N0} bodies of {batchSize:N0} records...");
    var start = DateTime.UtcNow.AddHours(-1);
    var bodies = Enumerable.Range(0, agents).Select(a => Enumerable.Range(0, batches).Select(b => Body($"bench-{runId}-{a}", b, batchSize, start)).ToArray()).ToArray();
    Console.Error.WriteLine($"  body size {bodies[0][0].Length / 1024.0:N0} KiB per batch of {batchSize:N0}");
    using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    // Warm-up (not counted): JIT and tiered compilation, SQLite's caches. 30 batches from one more agent.
    for (var b = 0; b < 30; b++) await PostAsync(http, Body($"bench-{runId}-warmup", b, batchSize, start));

    var watch = Stopwatch.StartNew();
    var latencies = new List<double>();
    await Task.WhenAll(bodies.Select(async agentBodies =>
    {
        foreach (var body in agentBodies)
        {
            var sent = Stopwatch.GetTimestamp();
            await PostAsync(http, body);
            lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
    }));
    watch.Stop();
    var records = (long)agents * batches * batchSize;
    latencies.Sort();
    Console.WriteLine($"ingest: {records:N0} records in {watch.Elapsed.TotalSeconds:N2} s = {records / watch.Elapsed.TotalSeconds:N0} records/s " +
        $"({agents} agents, batches of {batchSize:N0}; batch latency p50 {latencies[latencies.Count / 2]:N0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:N0} ms)");
    return 0;
}

static async Task PostAsync(HttpClient http, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var response = await http.PostAsync("api/v1/sync", content);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}

// A realistic batch: closed TCP connections with addresses, targets, times, counters and a close reason (~330 bytes each).
static byte[] Body(string agentId, int batch, int size, DateTime start)
{
    using var stream = new MemoryStream(size * 360);
    using (var json = new Utf8JsonWriter(stream))
    {
        json.WriteStartObject();
        json.WriteString("agentId", agentId);
        json.WriteStartArray("records");
        for (var i = 0; i < size; i++)
        {
            var seq = (long)batch * size + i + 1;
            var begin = start.AddMilliseconds(seq * 3);
            json.WriteStartObject();
            json.WriteNumber("seq", seq);
            json.WriteString("id", Guid.CreateVersion7());
            json.WriteString("relayId", "3f9a61c2d0b7");
            json.WriteString("network", "tcp");
            json.WriteString("source", $"203.0.113.{seq % 250 + 1}:{20000 + seq % 40000}");
            json.WriteString("listen", "0.0.0.0:443");
            json.WriteString("target", $"10.20.{seq % 8}.{seq % 200 + 10}:8443");
            json.WriteString("start", begin);
            json.WriteString("end", begin.AddMilliseconds(40 + seq % 5000));
            json.WriteNumber("bytesUp", 300 + seq * 7 % 90_000);
            json.WriteNumber("bytesDown", 1_000 + seq * 13 % 900_000);
            json.WriteString("closeReason", seq % 10 == 0 ? "target_closed" : "client_closed");
            json.WriteString("state", "closed");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("heartbeat");
        json.WriteString("version", "bench");
        json.WriteNumber("syncIntervalSeconds", 60);
        json.WriteEndObject();
        json.WriteEndObject();
    }
    return stream.ToArray();
}

static async Task EchoAsync(int port)
{
    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
    listener.Listen(1024);
    while (true)
    {
        var socket = await listener.AcceptAsync();
        _ = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0) await socket.SendAsync(buffer.AsMemory(0, read));
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
            }
            finally
            {
                socket.Dispose();
            }
        });
    }
}

static async Task<int> LoadAsync(IPEndPoint relay, int seconds, int concurrency)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    long connections = 0, failures = 0;
    var payload = Encoding.ASCII.GetBytes(new string('x', 512));
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var buffer = new byte[1024];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(relay);
                await socket.SendAsync(payload);
                var received = 0;
                while (received < payload.Length)
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0) break;
                    received += read;
                }
                socket.Shutdown(SocketShutdown.Send);
                while (await socket.ReceiveAsync(buffer) > 0)
                {
                }
                Interlocked.Increment(ref connections);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    Console.WriteLine($"load: {connections:N0} connections in {watch.Elapsed.TotalSeconds:N1} s = {connections / watch.Elapsed.TotalSeconds:N0}/s ({failures} failed)");
    return 0;
}
