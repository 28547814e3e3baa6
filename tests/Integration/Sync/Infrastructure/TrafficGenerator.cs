using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// Many short TCP connections through a relay to an echo server: each sends 1 to 256 bytes (so counts differ between
/// connections), reads the echo back, half-closes and waits for the relay to close. Returns the bytes sent and received.
/// </summary>
public static class TrafficGenerator
{
    public static async Task<(long Up, long Down)> RunAsync(IPEndPoint relay, int connections, int concurrency = 48)
    {
        long up = 0, down = 0;
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var buffer = new byte[512];
            int i;
            while ((i = Interlocked.Increment(ref next)) < connections)
            {
                var size = 1 + (i * 7919 % 256);
                var (sent, received) = await OneAsync(relay, size, buffer);
                Interlocked.Add(ref up, sent);
                Interlocked.Add(ref down, received);
            }
        });
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(3));
        return (up, down);
    }

    private static async Task<(int Sent, int Received)> OneAsync(IPEndPoint relay, int size, byte[] buffer)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(relay).WaitAsync(TestTimeouts.Default);
        buffer.AsSpan(0, size).Fill((byte)'x');
        await socket.SendAsync(buffer.AsMemory(0, size), SocketFlags.None);
        var received = 0;
        while (received < size)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received, size - received), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default);
            if (read == 0) break;
            received += read;
        }
        socket.Shutdown(SocketShutdown.Send);
        while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestTimeouts.Default) > 0)
        {
        }
        return (size, received);
    }
}
