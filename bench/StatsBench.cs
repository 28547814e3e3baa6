#:property PublishAot=false
#:property Nullable=enable
#:project ../src/RelayData/RelayData.csproj
// Generator and probes for bench/stats.sh (a .NET 10 file-based app: `dotnet run bench/StatsBench.cs -- MODE ...`).
//   fill DB RECORDS DAYS AGENTS RELAYS   closed ledger rows over the last DAYS days, with the per-minute intervals the
//                                        ledger writer would write (long connections spread over their minutes), and
//                                        every minute marked for roll-up; raw SQLite, prepared statements, big transactions.
//   query URL TOKEN N                    GET /api/v1/stats for 24 h, 7 d, 30 d, 90 d, grouped by host and as a series; N timed each.
//   echo PORT                            a TCP echo server on 127.0.0.1:PORT until killed.
//   latency HOST:PORT SECONDS            one new connection per request (connect, 32 B echo, close), paced at 200/s; p50/p99.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;

switch (args.FirstOrDefault())
{
    case "fill": Fill(args[1], long.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5])); return 0;
    case "query": return await QueryAsync(args[1], args[2], int.Parse(args[3]));
    case "echo": await EchoAsync(int.Parse(args[1])); return 0;
    case "latency": return await LatencyAsync(IPEndPoint.Parse(args[1]), int.Parse(args[2]));
    default:
        Console.Error.WriteLine("usage: StatsBench.cs fill DB RECORDS DAYS AGENTS RELAYS | query URL TOKEN N | echo PORT | latency HOST:PORT SECONDS");
        return 2;
}

static void Fill(string path, long records, int days, int agents, int relays)
{
    var watch = Stopwatch.StartNew();
    using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
    connection.Open();
    Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000; PRAGMA temp_store=MEMORY;");
    // The bulk load writes the intervals itself (what the ledger writer would write). Databases of the first design had
    // triggers on the ledger that wrote them too: off meanwhile.
    var triggers = new List<(string Name, string Sql)>();
    using (var read = connection.CreateCommand())
    {
        read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'";
        using var reader = read.ExecuteReader();
        while (reader.Read()) triggers.Add((reader.GetString(0), reader.GetString(1)));
    }
    foreach (var (name, _) in triggers) Exec(connection, $"DROP TRIGGER \"{name}\"");

    using var insertConnection = Prepare(connection, """
        INSERT INTO "connections" ("Id", "AgentId", "RelayId", "Network", "Source", "Listen", "Target", "StartUtc", "EndUtc", "DurationMs",
            "BytesUp", "BytesDown", "CloseReason", "IsOpen", "SyncSeq", "Host", "DestinationIp", "DestinationPort", "Chains", "Rule", "Process", "InboundType")
        VALUES ($id, $agent, $relay, $network, $source, $listen, $target, $start, $end, $duration, $up, $down, 'client_closed', 0, $seq,
            $host, $dip, $dport, $chains, $rule, $process, $inbound)
        """, "$id", "$agent", "$relay", "$network", "$source", "$listen", "$target", "$start", "$end", "$duration", "$up", "$down", "$seq",
        "$host", "$dip", "$dport", "$chains", "$rule", "$process", "$inbound");
    using var insertInterval = Prepare(connection, """
        INSERT INTO "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs")
        VALUES ($minute, $agent, $id, $up, $down, $opened, $closed, $duration)
        """, "$minute", "$agent", "$id", "$up", "$down", "$opened", "$closed", "$duration");

    var random = new Random(42);
    var now = DateTime.UtcNow;
    now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    var span = TimeSpan.FromDays(days);
    var first = now - span;
    string[] chains = ["[\"HK-01\",\"Proxy\"]", "[\"JP-02\",\"Proxy\"]", "[\"DIRECT\"]", "[\"US-03\",\"Streaming\",\"Proxy\"]", "[\"REJECT\"]"];
    string[] rules = ["DomainSuffix", "GeoIP", "Match", "DomainKeyword", "RuleSet", "ProcessName"];
    string[] processes = ["chrome", "curl", "Telegram", "steam", "git", "ssh", "node", ""];
    long intervals = 0;
    var transaction = connection.BeginTransaction();
    insertConnection.Transaction = transaction;
    insertInterval.Transaction = transaction;
    for (long i = 0; i < records; i++)
    {
        var start = first + TimeSpan.FromTicks((long)(span.Ticks * (i + random.NextDouble()) / records));
        var agent = random.Next(agents);
        var relay = agent * (relays / agents) + random.Next(Math.Max(1, relays / agents));
        var mihomo = agent < agents / 4;
        var u = random.NextDouble();
        var durationMs = u < 0.7 ? 5 + random.Next(995) : u < 0.95 ? 1_000 + random.Next(59_000) : 60_000 + random.Next(1_740_000);
        var end = start.AddMilliseconds(durationMs);
        if (end > now) end = now;
        var up = (long)(200 + Math.Exp(random.NextDouble() * 10));
        var down = up * (3 + random.Next(18));
        var source = $"192.168.{Skewed(random, 2000) / 250}.{Skewed(random, 2000) % 250 + 1}:{20000 + random.Next(40000)}";
        var id = Guid.CreateVersion7(new DateTimeOffset(start)).ToString("D").ToUpperInvariant();
        var agentId = $"agent-{agent:D2}";
        string target;
        object host = DBNull.Value, dip = DBNull.Value, dport = DBNull.Value, chain = DBNull.Value, rule = DBNull.Value, process = DBNull.Value, inbound = DBNull.Value;
        if (mihomo)
        {
            var domain = $"site{Skewed(random, 5000)}.example";
            host = domain;
            dip = $"104.16.{random.Next(256)}.{random.Next(256)}";
            dport = 443;
            chain = chains[Skewed(random, chains.Length)];
            rule = rules[Skewed(random, rules.Length)];
            process = processes[random.Next(processes.Length)];
            inbound = "Tun";
            target = domain + ":443";
        }
        else
        {
            target = $"10.{relay / 250}.{relay % 250}.{random.Next(3) + 1}:8080";
        }
        var p = insertConnection.Parameters;
        p[0].Value = id; p[1].Value = agentId; p[2].Value = $"relay-{relay:D3}"; p[3].Value = random.Next(10) == 0 ? "udp" : "tcp";
        p[4].Value = source; p[5].Value = "0.0.0.0:443"; p[6].Value = target; p[7].Value = Text(start); p[8].Value = Text(end);
        p[9].Value = (long)(end - start).TotalMilliseconds; p[10].Value = up; p[11].Value = down; p[12].Value = i + 1;
        p[13].Value = host; p[14].Value = dip; p[15].Value = dport; p[16].Value = chain; p[17].Value = rule; p[18].Value = process; p[19].Value = inbound;
        insertConnection.ExecuteNonQuery();

        // What the ledger writer writes: opened in the start minute, bytes spread over the minutes the connection lived
        // (the engine persists open connections every 5 s), closed with its duration in the end minute.
        var startMinute = Unix(start) / 60;
        var endMinute = Unix(end) / 60;
        var minutes = endMinute - startMinute + 1;
        for (var m = startMinute; m <= endMinute; m++)
        {
            var share = m == endMinute ? (up - up / minutes * (minutes - 1), down - down / minutes * (minutes - 1)) : (up / minutes, down / minutes);
            var q = insertInterval.Parameters;
            q[0].Value = m; q[1].Value = agentId; q[2].Value = id; q[3].Value = share.Item1; q[4].Value = share.Item2;
            q[5].Value = m == startMinute ? 1 : 0; q[6].Value = m == endMinute ? 1 : 0;
            q[7].Value = m == endMinute ? (long)(end - start).TotalMilliseconds : DBNull.Value;
            insertInterval.ExecuteNonQuery();
            intervals++;
        }

        if ((i + 1) % 250_000 == 0)
        {
            transaction.Commit();
            transaction.Dispose();
            transaction = connection.BeginTransaction();
            insertConnection.Transaction = transaction;
            insertInterval.Transaction = transaction;
            if ((i + 1) % 1_000_000 == 0) Console.Error.WriteLine($"  {i + 1:N0} records, {intervals:N0} intervals, {watch.Elapsed.TotalSeconds:N0} s");
        }
    }
    transaction.Commit();
    transaction.Dispose();
    Exec(connection, """INSERT OR IGNORE INTO "stats_dirty" ("Level", "Bucket") SELECT DISTINCT 0, "Minute" FROM "traffic_intervals" """);
    Exec(connection, $"""INSERT INTO "sequences" ("Name", "Value") VALUES ('connections', {records}) ON CONFLICT ("Name") DO UPDATE SET "Value" = {records}""");
    foreach (var (_, sql) in triggers) Exec(connection, sql);
    Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    Console.WriteLine($"filled {records:N0} ledger records and {intervals:N0} interval rows over {days} days ({agents} agents, {relays} relays) in {watch.Elapsed.TotalSeconds:N1} s " +
        $"= {records / watch.Elapsed.TotalSeconds:N0} records/s");
}

static int Skewed(Random random, int n) => (int)(Math.Pow(random.NextDouble(), 3) * n);

static long Unix(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalSeconds;

static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

static void Exec(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    command.ExecuteNonQuery();
}

static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
{
    var command = connection.CreateCommand();
    command.CommandText = sql;
    foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
    return command;
}

static async Task<int> QueryAsync(string url, string token, int n)
{
    using var http = Client(url, token);
    (string Name, string Query)[] cases =
    [
        ("24 h by host", "range=24h&groupBy=host&limit=10"),
        ("24 h series (hour)", "range=24h&bucket=hour"),
        ("7 d by host", "range=7d&groupBy=host&limit=10"),
        ("7 d series (hour)", "range=7d&bucket=hour"),
        ("30 d by host", "range=30d&groupBy=host&limit=10"),
        ("30 d series (day)", "range=30d&bucket=day"),
        ("90 d by host", "range=90d&groupBy=host&limit=10"),
        ("90 d series (day)", "range=90d&bucket=day"),
        ("7 d by host, one agent", "range=7d&groupBy=host&agent=agent-01&limit=10"),
        ("30 d by source, series", "range=30d&groupBy=source&bucket=day&limit=5"),
    ];
    Console.WriteLine($"   {"GET /api/v1/stats",-28} {"p50 ms",8} {"p95 ms",8} {"max ms",8}  rows  from (week/day/hour/minute/ledger minutes)");
    var worst = 0.0;
    foreach (var (name, query) in cases)
    {
        for (var w = 0; w < 2; w++) await http.GetStringAsync("/api/v1/stats?" + query);
        var times = new List<double>();
        string body = "";
        for (var i = 0; i < n; i++)
        {
            var watch = Stopwatch.StartNew();
            body = await http.GetStringAsync("/api/v1/stats?" + query);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        using var json = JsonDocument.Parse(body);
        var rows = json.RootElement.GetProperty("groups").GetArrayLength() + json.RootElement.GetProperty("series").GetArrayLength();
        var s = json.RootElement.GetProperty("sources");
        var from = $"{s.GetProperty("weekMinutes").GetInt64()}/{s.GetProperty("dayMinutes").GetInt64()}/{s.GetProperty("hourMinutes").GetInt64()}/{s.GetProperty("rollupMinutes").GetInt64()}/{s.GetProperty("ledgerMinutes").GetInt64()}";
        var p95 = Percentile(times, 0.95);
        worst = Math.Max(worst, p95);
        Console.WriteLine($"   {name,-28} {Percentile(times, 0.5),8:N1} {p95,8:N1} {times.Max(),8:N1}  {rows,4}  {from}");
    }
    Console.WriteLine($"   worst p95: {worst:N1} ms (target < 200 ms)");
    return 0;
}

static HttpClient Client(string url, string token)
{
    var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return http;
}

static async Task EchoAsync(int port)
{
    var listener = new TcpListener(IPAddress.Loopback, port);
    listener.Start(1024);
    while (true)
    {
        var client = await listener.AcceptTcpClientAsync();
        _ = Task.Run(async () =>
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                int read;
                try
                {
                    while ((read = await stream.ReadAsync(buffer)) > 0) await stream.WriteAsync(buffer.AsMemory(0, read));
                }
                catch (IOException)
                {
                }
            }
        });
    }
}

static async Task<int> LatencyAsync(IPEndPoint target, int seconds)
{
    var payload = new byte[32];
    var buffer = new byte[32];
    var times = new List<double>();
    var failures = 0;
    var total = Stopwatch.StartNew();
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(target);
            await socket.SendAsync(payload);
            var got = 0;
            while (got < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got));
                if (n == 0) throw new IOException("closed early");
                got += n;
            }
            socket.Shutdown(SocketShutdown.Both);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            failures++;
        }
        var wait = 5 - watch.Elapsed.TotalMilliseconds;
        if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
    }
    Console.WriteLine($"{times.Count} requests, p50 {Percentile(times, 0.5):N2} ms, p99 {Percentile(times, 0.99):N2} ms, max {times.DefaultIfEmpty(0).Max():N1} ms, {failures} failed");
    return 0;
}

static double Percentile(List<double> values, double q)
{
    if (values.Count == 0) return 0;
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
