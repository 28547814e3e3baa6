using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

internal static class SocketTestExtensions
{
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(TestTimeouts.Default);
        return socket;
    }

    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> data)
    {
        var sent = 0;
        while (sent < data.Length) sent += await socket.SendAsync(data[sent..], SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default);
    }

    /// <summary>Reads until the peer's FIN (or <paramref name="max"/> bytes) and returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(this Socket socket, int max = int.MaxValue)
    {
        var result = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (result.Length < max)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Long);
            if (read == 0) break;
            result.Write(buffer, 0, read);
        }
        return result.ToArray();
    }

    public static async Task<byte[]> ReadExactlyAsync(this Socket socket, int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default);
            if (read == 0) throw new EndOfStreamException($"Peer closed after {total} of {count} bytes.");
            total += read;
        }
        return buffer;
    }

    /// <summary>True when the peer closed (FIN or reset) within the timeout.</summary>
    public static async Task<bool> SeesCloseAsync(this Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Default);
                if (read == 0) return true;
            }
        }
        catch (SocketException) { return true; }
        catch (TimeoutException) { return false; }
    }
}
