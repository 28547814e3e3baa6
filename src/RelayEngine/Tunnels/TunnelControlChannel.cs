using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace RelayEngine.Tunnels;

/// <summary>
/// The control channel of a session, after its handshake: frames read with a <see cref="PipeReader"/> and
/// <see cref="TunnelFrameReader"/>, written through a <see cref="PipeWriter"/> one frame at a time, heartbeats both ways.
/// Each end pings every interval and answers pings; the round trip of its own pings is its ping RTT. Nothing received for
/// <c>interval × missLimit</c> ends the channel ("heartbeat timeout"). <see cref="RunAsync"/> returns why it ended.
/// </summary>
internal sealed class TunnelControlChannel : IDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _missLimit;
    private readonly CancellationTokenSource _closed = new();
    private string? _endReason;
    private long _lastReceived;

    public TunnelControlChannel(Socket socket, Stream stream, TimeProvider time, TimeSpan interval, int missLimit)
    {
        _socket = socket;
        _stream = stream;
        _time = time;
        _interval = interval;
        _missLimit = Math.Max(1, missLimit);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _lastReceived = time.GetTimestamp();
        // Keep-alive under the heartbeat: a silently dead peer is still noticed if heartbeats are delayed.
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Math.Max(1, (int)interval.TotalSeconds));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, (int)interval.TotalSeconds));
        }
        catch (SocketException) { }
    }

    /// <summary>Fires once when the channel has ended.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Round trip of the last answered ping.</summary>
    public TimeSpan? LastRtt { get; private set; }

    /// <summary>The peer's pool figures from its last ping.</summary>
    public TunnelPing? PeerPing { get; private set; }

    /// <summary>
    /// Reads frames until the channel ends; pings every interval (calling <paramref name="onTick"/> first, which returns this
    /// end's pool figures). Frames other than heartbeats go to <paramref name="onFrame"/>. Returns the reason it ended.
    /// </summary>
    public async Task<string> RunAsync(Func<TunnelFrameType, ReadOnlySequence<byte>, string?> onFrame, Func<(int Idle, int Target)> onTick, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var heartbeat = HeartbeatAsync(onTick, stop.Token);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var read = TunnelFrameReader.TryRead(ref buffer, TunnelProtocol.MaxControlPayload, out var type, out var payload);
                    if (read == TunnelFrameReadResult.Incomplete) break;
                    if (read == TunnelFrameReadResult.TooLarge) return End("protocol error: oversized frame");
                    Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                    var ended = await HandleAsync(type, payload, onFrame, stop.Token).ConfigureAwait(false);
                    if (ended is not null) return End(ended);
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return End("closed by the other end");
            }
        }
        catch (OperationCanceledException)
        {
            return End(cancellationToken.IsCancellationRequested ? "stopped" : _endReason ?? "closed");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return End(_endReason ?? "connection lost: " + (e.InnerException ?? e).Message);
        }
        finally
        {
            _closed.Cancel();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async ValueTask<string?> HandleAsync(TunnelFrameType type, ReadOnlySequence<byte> payload, Func<TunnelFrameType, ReadOnlySequence<byte>, string?> onFrame, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case TunnelFrameType.Ping:
                var bytes = payload.ToArray();
                if (TunnelPing.TryParse(bytes, out var peer)) PeerPing = peer;
                await SendAsync(TunnelFrameType.Pong, bytes, cancellationToken).ConfigureAwait(false);
                return null;
            case TunnelFrameType.Pong:
                if (TunnelPing.TryParse(payload.ToArray(), out var pong)) LastRtt = _time.GetElapsedTime(pong.Timestamp);
                return null;
            case TunnelFrameType.Refused:
                return TunnelRefusal.TryParse(payload.ToArray(), out var refusal) ? $"ended by the other end: {refusal.Reason} ({refusal.Message})" : "ended by the other end";
            default:
                return onFrame(type, payload);
        }
    }

    private async Task HeartbeatAsync(Func<(int Idle, int Target)> onTick, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) > _interval * _missLimit)
                {
                    Abort($"heartbeat timeout: nothing received for {(_interval * _missLimit).TotalSeconds:0.#} s");
                    return;
                }
                var (idle, target) = onTick();
                await SendAsync(TunnelFrameType.Ping, new TunnelPing(_time.GetTimestamp(), idle, target).ToPayload(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // the read loop reports how the channel ended
        }
    }

    /// <summary>Sends one frame; frames from several callers are written whole, one after the other.</summary>
    public async ValueTask SendAsync(TunnelFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TunnelFrameWriter.Write(_writer, type, payload.Span);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a Refused frame with the reason (best effort, bounded by one second), then closes.</summary>
    public async Task CloseAsync(TunnelRefusalReason reason, string message)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            await SendAsync(TunnelFrameType.Refused, new TunnelRefusal(reason, message).ToPayload(), bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException) { }
        Abort(message);
    }

    /// <summary>Ends the channel now with <paramref name="reason"/> (the first reason given wins).</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _endReason, reason, null);
        try { _socket.Shutdown(SocketShutdown.Both); } catch { }
        try { _socket.Dispose(); } catch { }
        try { _closed.Cancel(); } catch (ObjectDisposedException) { }
    }

    private string End(string reason)
    {
        Interlocked.CompareExchange(ref _endReason, reason, null);
        return _endReason!;
    }

    public void Dispose()
    {
        Abort("disposed");
        try { _stream.Dispose(); } catch { }
        _writeLock.Dispose();
    }
}
