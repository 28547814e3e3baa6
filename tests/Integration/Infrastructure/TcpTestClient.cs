using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>A TCP client for driving traffic through a relay: connect, echo a message, read until EOF or reset.</summary>
public sealed class TcpTestClient : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private TcpTestClient()
    {
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<TcpTestClient> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpTestClient();
        await client._socket.ConnectAsync(endPoint).WaitAsync(TestTimeouts.Default);
        return client;
    }

    public static Task<TcpTestClient> ConnectAsync(string endPoint) => ConnectAsync(IPEndPoint.Parse(endPoint));

    /// <summary>Sends <paramref name="message"/> and returns what comes back (as many bytes as were sent).</summary>
    public async Task<string> EchoAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        await _socket.SendAsync(bytes, SocketFlags.None).WaitAsync(TestTimeouts.Default);
        var received = new byte[bytes.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await _socket.ReceiveAsync(received.AsMemory(total), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default);
            if (read == 0) break;
            total += read;
        }
        return Encoding.UTF8.GetString(received, 0, total);
    }

    /// <summary>True when the connection ends (EOF or reset) before <see cref="TestTimeouts.Default"/>; bytes still arriving are drained.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Default) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Half-closes (sends FIN), as a client that finished sending.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
