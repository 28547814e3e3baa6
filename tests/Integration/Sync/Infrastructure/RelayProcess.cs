using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// The real <c>relay</c> binary as a child process (<c>dotnet relay.dll ARGS</c>) with its console captured. <see cref="Kill"/>
/// is SIGKILL: no shutdown code runs, as when a machine loses power or the OOM killer strikes.
/// </summary>
public sealed class RelayProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Process _process;

    private RelayProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>relay ARGS</c> and waits for "Application started"; throws with the output if it exits first.</summary>
    public static async Task<RelayProcess> StartAsync(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = RelayBinary.FindDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The per-connection console lines would be most of the output with thousands of connections.
        start.Environment["Serilog__MinimumLevel__Override__RelayWeb.Cli.ConsoleConnectionReporter"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var relay = new RelayProcess(name, process);
        process.OutputDataReceived += (_, e) => relay.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => relay.OnOutput(e.Data);
        process.Exited += (_, _) => relay._started.TrySetException(new InvalidOperationException($"{name} exited during start-up:\n{relay.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await relay._started.Task.WaitAsync(s_startTimeout);
        }
        catch (TimeoutException)
        {
            relay.Kill();
            throw new TimeoutException($"{name} did not start within {s_startTimeout.TotalSeconds} s:\n{relay.Output}");
        }
        return relay;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal), $"{Name} to log '{text}'", timeout ?? TestTimeouts.Long);

    /// <summary>SIGKILL, then wait for the process to be gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM (a graceful stop, as systemd or <c>docker stop</c> asks for), then waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited && kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        await _process.WaitForExitAsync().WaitAsync(timeout ?? TestTimeouts.Long);
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("Application started", StringComparison.Ordinal)) _started.TrySetResult();
    }
}
