using System.Diagnostics;
using RelayWeb.Api;

namespace RelayWeb.Metrics;

/// <summary>
/// The standard <c>process_*</c> families (start time, CPU, memory, open file descriptors, threads) plus
/// <c>relay_uptime_seconds</c>. The .NET runtime's (<c>dotnet_*</c>: GC collections and heap sizes, allocations, thread
/// pool, exceptions, lock contention...) come from its own <c>System.Runtime</c> meter through <see cref="MeterMetricsSource"/>.
/// </summary>
public sealed class ProcessMetricsSource(ServerInfo server) : IMetricsSource
{
    public Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        writer.Single("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.",
            RelayMetricsSource.ToUnixSeconds(process.StartTime.ToUniversalTime()));
        writer.Single("relay_uptime_seconds", "gauge", "Seconds since Relay started serving.", Math.Round(server.Uptime.TotalSeconds, 3));
        writer.Single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        writer.Single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", process.WorkingSet64);
        writer.Single("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", process.VirtualMemorySize64);
        writer.Single("process_threads", "gauge", "Operating-system threads of the process.", process.Threads.Count);
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            writer.Single("process_open_fds", "gauge", "Open file descriptors (sockets included).", Directory.EnumerateFileSystemEntries("/proc/self/fd").Count());
        }
        return Task.CompletedTask;
    }
}
