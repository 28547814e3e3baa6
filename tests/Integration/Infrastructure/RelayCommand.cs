using System.Diagnostics;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>A one-shot <c>relay</c> command (<c>backup</c>, <c>restore</c>...) run to completion as a child process, for CLI tests.</summary>
public static class RelayCommand
{
    /// <summary>Runs <c>relay ARGS...</c> to completion (bounded by <see cref="TestTimeouts.Long"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RelayBinary.FindDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("RELAY_DATA_DIR");
        start.Environment.Remove("RELAY_DATABASE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start relay.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Long);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
