using System.Diagnostics;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>relay</c> binary of the same build configuration (<c>src/RelayWeb/bin/&lt;Config&gt;/net10.0/relay.dll</c>,
/// or <c>RELAY_TEST_DLL</c>), run as a child process: for the browser tests' server and for CLI tests.
/// </summary>
public static class RelayProcess
{
    public static string FindDll()
    {
        if (Environment.GetEnvironmentVariable("RELAY_TEST_DLL") is { Length: > 0 } explicitDll) return explicitDll;
        // tests/Integration/bin/<Config>/net10.0/ → the same configuration of src/RelayWeb.
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testDirectory.Parent!.Name;
        for (var dir = testDirectory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayWeb.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "RelayWeb", "bin", configuration, "net10.0", "relay.dll");
                if (File.Exists(dll)) return dll;
                throw new FileNotFoundException($"Build src/RelayWeb ({configuration}) first; {dll} is missing.", dll);
            }
        }
        throw new DirectoryNotFoundException("RelayWeb.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>relay ARGS...</c> to completion (bounded by <see cref="TestTimeouts.Long"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindDll());
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
