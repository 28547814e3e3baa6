using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Where the real <c>relay</c> binary of this build is, for tests that run it as a child process.</summary>
public static class RelayBinary
{
    /// <summary>
    /// <c>src/RelayWeb/bin/&lt;Config&gt;/net10.0/relay.dll</c> of the configuration the tests were built in (or
    /// <c>RELAY_TEST_DLL</c>).
    /// </summary>
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

    private static readonly HashSet<int> s_handedOut = [];

    /// <summary>
    /// A TCP port on 127.0.0.1 that was free a moment ago and that no other caller in this test run has been given. The
    /// kernel may hand the same ephemeral port to two probes in a row; an agent's health port and its relay's listen port
    /// once came out equal that way, and the relay was faulted with "already in use".
    /// </summary>
    public static int FreeTcpPort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (s_handedOut)
            {
                if (s_handedOut.Add(port)) return port;
            }
        }
    }
}
