using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace RelayEngine.Transport.Epoll;

/// <summary>
/// The event loops of the epoll TCP path, one per processor (as many as haproxy's threads and .NET's own socket event
/// threads with inline completions), created on first use and shared by every TCP relay of the engine. Each listening
/// socket is in every loop's set with EPOLLEXCLUSIVE, so a new connection wakes one idle loop and lives on it.
/// </summary>
internal sealed class EpollLoopGroup : IDisposable
{
    private readonly int _bufferSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private EpollLoop[]? _loops;
    private bool _disposed;

    public EpollLoopGroup(int bufferSize, TimeProvider time, ILogger logger, int loopCount = 0)
    {
        _bufferSize = bufferSize;
        _time = time;
        _logger = logger;
        LoopCount = loopCount > 0 ? loopCount : Environment.ProcessorCount;
    }

    public int LoopCount { get; }

    /// <summary>Whether this platform can run the epoll path: Linux with glibc's epoll, accept4 and eventfd.</summary>
    public static bool IsSupported { get; } = Probe();

    public IReadOnlyList<EpollLoop> Loops
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _loops ??= Enumerable.Range(0, LoopCount).Select(i => new EpollLoop($"Relay TCP loop {i}", _bufferSize, _time, _logger)).ToArray();
            }
        }
    }

    public void Dispose()
    {
        EpollLoop[]? loops;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            loops = _loops;
        }
        if (loops is null) return;
        foreach (var loop in loops) loop.Dispose();
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var fd = EpollNative.epoll_create1(EpollNative.EPOLL_CLOEXEC);
            if (fd < 0) return false;
            EpollNative.close(fd);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return false; // not glibc (musl names its C library differently): the Socket path serves
        }
    }
}
