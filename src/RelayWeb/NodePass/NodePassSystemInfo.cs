using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RelayWeb.Api;

namespace RelayWeb.NodePass;

/// <summary>
/// <c>GET /info</c> (reference/nodepass.md §3.6): OS, architecture, CPU % (two <c>/proc/stat</c> reads 100 ms apart, without
/// NodePass's second division by the CPU count), memory and swap (<c>mem_used</c> from <c>MemAvailable</c>, as current NodePass),
/// network and disk counters, uptimes, version, host name. Linux only for the host figures: elsewhere <c>cpu</c> is -1, the rest 0.
/// </summary>
public sealed partial class NodePassSystemInfo(ServerInfo server, TimeProvider time)
{
    private static readonly string[] s_skippedInterfaces = ["lo", "veth", "docker", "podman", "br-", "virbr"];

    public async Task<Dictionary<string, object?>> ReadAsync(CancellationToken cancellationToken)
    {
        var info = new Dictionary<string, object?>
        {
            ["os"] = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : RuntimeInformation.OSDescription,
            ["arch"] = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() },
            ["cpu"] = -1,
            ["mem_total"] = 0L, ["mem_free"] = 0L, ["mem_used"] = 0L,
            ["swap_total"] = 0L, ["swap_free"] = 0L, ["swap_used"] = 0L,
            ["netrx"] = 0L, ["nettx"] = 0L, ["diskr"] = 0L, ["diskw"] = 0L, ["sysup"] = 0L,
            ["ver"] = server.Version,
            ["name"] = Environment.MachineName,
            ["uptime"] = (long)server.Uptime.TotalSeconds,
            ["log"] = "info",
            ["tls"] = "0",
            ["crt"] = "",
            ["key"] = "",
        };
        if (!OperatingSystem.IsLinux()) return info;

        var (idle1, total1) = ReadCpu();
        await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        var (idle2, total2) = ReadCpu();
        if (total2 > total1) info["cpu"] = (int)Math.Min(100, (total2 - total1 - (idle2 - idle1)) * 100 / (total2 - total1));

        var mem = ReadKeyValues("/proc/meminfo");
        info["mem_total"] = mem.GetValueOrDefault("MemTotal:");
        info["mem_free"] = mem.GetValueOrDefault("MemFree:");
        info["mem_used"] = mem.GetValueOrDefault("MemTotal:") - mem.GetValueOrDefault("MemAvailable:");
        info["swap_total"] = mem.GetValueOrDefault("SwapTotal:");
        info["swap_free"] = mem.GetValueOrDefault("SwapFree:");
        info["swap_used"] = mem.GetValueOrDefault("SwapTotal:") - mem.GetValueOrDefault("SwapFree:");

        long rx = 0, tx = 0;
        foreach (var line in ReadLines("/proc/net/dev").Skip(2))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10 || s_skippedInterfaces.Any(p => f[0].StartsWith(p, StringComparison.Ordinal))) continue;
            rx += ParseLong(f[1]);
            tx += ParseLong(f[9]);
        }
        info["netrx"] = rx;
        info["nettx"] = tx;

        long read = 0, written = 0;
        foreach (var line in ReadLines("/proc/diskstats"))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 14) continue;
            var name = f[2];
            if (name.Contains("loop", StringComparison.Ordinal) || name.Contains("ram", StringComparison.Ordinal)
                || name.StartsWith("dm-", StringComparison.Ordinal) || name.StartsWith("md", StringComparison.Ordinal) || TrailingDigits().IsMatch(name)) continue;
            read += ParseLong(f[5]) * 512;
            written += ParseLong(f[9]) * 512;
        }
        info["diskr"] = read;
        info["diskw"] = written;

        var uptime = ReadLines("/proc/uptime").FirstOrDefault()?.Split(' ')[0];
        if (double.TryParse(uptime, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) info["sysup"] = (long)seconds;
        return info;
    }

    private static (long Idle, long Total) ReadCpu()
    {
        var line = ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null) return (0, 0);
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ParseLong).ToArray();
        return (values.Length > 3 ? values[3] : 0, values.Sum());
    }

    private static Dictionary<string, long> ReadKeyValues(string path)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in ReadLines(path))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 2) result[f[0]] = ParseLong(f[1]) * 1024;
        }
        return result;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long ParseLong(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    [GeneratedRegex(@"\d+$")]
    private static partial Regex TrailingDigits();
}
