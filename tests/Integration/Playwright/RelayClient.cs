using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>A TCP client connected through a relay: sends text, reads the echo, notices when the relay closes it.</summary>
public sealed class RelayClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client = new(AddressFamily.InterNetwork);

    private RelayClient()
    {
    }

    /// <summary>The client's own address as the relay sees it (<c>127.0.0.1:PORT</c>), the Source column.</summary>
    public string Source => ((IPEndPoint)_client.Client.LocalEndPoint!).ToString();

    public static async Task<RelayClient> ConnectAsync(int relayPort)
    {
        var client = new RelayClient();
        await client._client.ConnectAsync(IPAddress.Loopback, relayPort).WaitAsync(s_timeout);
        return client;
    }

    /// <summary>Writes <paramref name="text"/> and waits for all of it to come back.</summary>
    public async Task EchoAsync(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var stream = _client.GetStream();
        await stream.WriteAsync(bytes).AsTask().WaitAsync(s_timeout);
        var received = new byte[bytes.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(s_timeout);
        Assert.Equal(text, Encoding.ASCII.GetString(received));
    }

    /// <summary>Completes when the relay has closed the connection (a read returns 0 or the socket is reset).</summary>
    public async Task WaitForCloseAsync()
    {
        var buffer = new byte[64];
        try
        {
            var read = await _client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(s_timeout);
            Assert.Equal(0, read);
        }
        catch (IOException)
        {
            // Reset by the relay: closed too.
        }
    }

    public void Dispose() => _client.Dispose();
}
