using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using static RelayEngine.Transport.Epoll.EpollNative;

namespace RelayEngine.Transport.Epoll;

/// <summary>Receives the readiness of a file descriptor registered with an <see cref="EpollLoop"/>. Runs on the loop's thread.</summary>
internal interface IEpollHandler
{
    void OnEvents(int fd, uint events);
}

/// <summary>Called on the loop's thread when a timer scheduled with <see cref="EpollLoop.Schedule"/> is due.</summary>
internal interface ILoopTimer
{
    void OnTimer(long token);
}

/// <summary>
/// One event-loop thread: an epoll set, the handlers of its file descriptors, work posted from other threads and a timer
/// heap. Everything a registered handler does runs on this thread, so handlers need no locks among themselves; other
/// threads reach them only through <see cref="Post"/>.
/// </summary>
internal sealed unsafe partial class EpollLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<(Action<object?> Action, object? State)> _posted = new();
    private readonly PriorityQueue<(ILoopTimer Timer, long Token), long> _timers = new();
    // Registration slots: the epoll data of a registration is (generation << 32 | slot), so an event still in the current
    // batch for a descriptor closed earlier in the same batch finds a newer generation and is dropped.
    private Slot[] _slots = new Slot[1024];
    private readonly Stack<int> _freeSlots = new();
    private int _slotCount;
    private int _wakePending;
    private volatile bool _stopping;
    private volatile bool _exited;

    private struct Slot
    {
        public IEpollHandler? Handler;
        public int Fd;
        public uint Generation;
    }

    public EpollLoop(string name, int scratchSize, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        Scratch = GC.AllocateUninitializedArray<byte>(Math.Max(4096, scratchSize), pinned: true);
        _epoll = epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0) throw new InvalidOperationException($"epoll_create1 failed: errno {Errno}");
        _wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (_wakeFd < 0 || Control(_epoll, EPOLL_CTL_ADD, _wakeFd, EPOLLIN, WakeToken) != 0)
        {
            var errno = Errno;
            close(_epoll);
            if (_wakeFd >= 0) close(_wakeFd);
            throw new InvalidOperationException($"eventfd failed: errno {errno}");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.UnsafeStart();
    }

    public bool IsOnLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>
    /// The buffer every connection of this loop reads into and sends from. One per loop is enough: a read is sent on at
    /// once, and only what the destination does not take is copied out (so idle connections hold no buffer at all).
    /// </summary>
    public byte[] Scratch { get; }

    /// <summary>Adds <paramref name="fd"/> to the set. Loop thread only. Returns the registration's token (never 0), or 0 on failure (errno set).</summary>
    public ulong Register(int fd, uint events, IEpollHandler handler)
    {
        int slot;
        if (_freeSlots.Count > 0) slot = _freeSlots.Pop();
        else
        {
            if (_slotCount == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _slotCount++;
            _slots[slot].Generation = 1; // generations start at 1, so no token is 0 (callers' "not registered")
        }
        ref var s = ref _slots[slot];
        s.Handler = handler;
        s.Fd = fd;
        var token = ((ulong)s.Generation << 32) | (uint)slot;
        if (Control(_epoll, EPOLL_CTL_ADD, fd, events, token) == 0) return token;
        Release(slot);
        return 0;
    }

    /// <summary>Changes the events of a registration. Loop thread only.</summary>
    public void Modify(ulong token, uint events)
    {
        ref var s = ref _slots[(int)(uint)token];
        Control(_epoll, EPOLL_CTL_MOD, s.Fd, events, token);
    }

    /// <summary>
    /// Forgets a registration; with <paramref name="remove"/> also deletes it from the set (needed when the descriptor
    /// stays open, or is shared with other sets). A descriptor about to be closed leaves the set by itself. Loop thread only.
    /// </summary>
    public void Unregister(ulong token, bool remove = false)
    {
        var slot = (int)(uint)token;
        ref var s = ref _slots[slot];
        if (s.Generation != (uint)(token >> 32) || s.Handler is null) return;
        if (remove) Control(_epoll, EPOLL_CTL_DEL, s.Fd, 0, 0);
        Release(slot);
    }

    private void Release(int slot)
    {
        ref var s = ref _slots[slot];
        s.Handler = null;
        s.Fd = -1;
        if (++s.Generation == 0) s.Generation = 1;
        _freeSlots.Push(slot);
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread. Any thread.</summary>
    public void Post(Action<object?> action, object? state)
    {
        _posted.Enqueue((action, state));
        if (_exited)
        {
            // The loop has ended (engine shutdown): nothing else runs its handlers any more, so run the work here.
            lock (_posted) RunPosted(force: true);
            return;
        }
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            write(_wakeFd, &one, sizeof(ulong));
        }
    }

    /// <summary>Calls <paramref name="timer"/> with <paramref name="token"/> once <paramref name="delay"/> has passed. Loop thread only.</summary>
    public void Schedule(ILoopTimer timer, long token, TimeSpan delay) =>
        _timers.Enqueue((timer, token), _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency));

    private void Run()
    {
        var buffer = new byte[MaxEvents * EventSize];
        fixed (byte* events = buffer)
        {
            while (!_stopping)
            {
                var count = epoll_wait(_epoll, events, MaxEvents, NextTimeoutMilliseconds());
                if (count < 0)
                {
                    var errno = Errno;
                    if (errno == EINTR) continue;
                    Log.WaitFailed(_logger, errno);
                    Thread.Sleep(10); // not expected; do not spin if it happens
                    continue;
                }
                for (var i = 0; i < count; i++)
                {
                    ReadEvent(events, i, out var mask, out var data);
                    if (data == WakeToken)
                    {
                        ulong value;
                        read(_wakeFd, &value, sizeof(ulong));
                        continue;
                    }
                    var slot = (int)(uint)data;
                    if (slot >= _slotCount) continue;
                    var s = _slots[slot];
                    if (s.Handler is null || s.Generation != (uint)(data >> 32)) continue;
                    Invoke(s.Handler, s.Fd, mask);
                }
                RunPosted();
                RunTimers();
            }
        }
        _exited = true;
        lock (_posted) RunPosted(force: true);
    }

    private void Invoke(IEpollHandler handler, int fd, uint mask)
    {
        try
        {
            handler.OnEvents(fd, mask);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex);
        }
    }

    private void RunPosted(bool force = false)
    {
        if (!force && Volatile.Read(ref _wakePending) == 0) return;
        Volatile.Write(ref _wakePending, 0); // before draining: a post after this point writes the eventfd again
        while (_posted.TryDequeue(out var work))
        {
            try
            {
                work.Action(work.State);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, ex);
            }
        }
    }

    private void RunTimers()
    {
        if (_timers.Count == 0) return;
        var now = _time.GetTimestamp();
        while (_timers.TryPeek(out var timer, out var due) && due <= now)
        {
            _timers.Dequeue();
            try
            {
                timer.Timer.OnTimer(timer.Token);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, ex);
            }
        }
    }

    private int NextTimeoutMilliseconds()
    {
        if (!_timers.TryPeek(out _, out var due)) return -1;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
        // Round up, so a timer is never found not yet due after the wait; at most 1 s, so a clock that jumps is caught up.
        return wait <= TimeSpan.Zero ? 0 : (int)Math.Min(1000, Math.Ceiling(wait.TotalMilliseconds));
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        ulong one = 1;
        write(_wakeFd, &one, sizeof(ulong));
        if (IsOnLoopThread) return; // the loop ends after this handler; its descriptors stay open (process exit)
        _thread.Join();
        close(_wakeFd);
        close(_epoll);
    }

    private static partial class Log
    {
        [LoggerMessage(1020, LogLevel.Error, "An event handler of the TCP event loop failed.", EventName = "EpollHandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(1021, LogLevel.Error, "epoll_wait failed with errno {Errno}.", EventName = "EpollWaitFailed")]
        public static partial void WaitFailed(ILogger logger, int errno);
    }
}
