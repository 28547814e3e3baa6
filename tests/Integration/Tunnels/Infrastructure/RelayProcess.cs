using System.Collections.Concurrent;
using System.Diagnostics;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>
/// The real <c>relay</c> binary (relay.dll from the test output) as a child process, with its console captured line by
/// line, so a test can wait for output and kill it the hard way.
/// </summary>
internal sealed class RelayProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private RelayProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();
    public string Output => string.Join('\n', _lines);
    public bool HasExited => _process.HasExited;

    public static RelayProcess Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>Starts relay with extra environment variables, e.g. configuration (<c>RelayEngine__Tunnels__…</c>).</summary>
    public static RelayProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relay.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new RelayProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start relay."));
    }

    /// <summary>The first captured line containing <paramref name="text"/>, waiting for it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        string? found = null;
        await Eventually.UntilAsync(() => (found = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null || _process.HasExited,
            $"relay to print '{text}'", timeout ?? TestTimeouts.Long);
        return found ?? throw new InvalidOperationException($"relay exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
    }

    /// <summary>SIGKILL: no graceful shutdown, sockets reset by the kernel.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
