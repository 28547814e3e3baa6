using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RelayEngine.Transport.Epoll;
using RelayWeb.UnitTests.Engine.Infrastructure;

namespace RelayWeb.UnitTests.Engine;

public sealed class EpollLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [EpollFact]
    public async Task Post_FromAnotherThread_RunsOnTheLoopInOrder()
    {
        // Arrange
        using var loop = new EpollLoop("test loop", 4096, TimeProvider.System, NullLogger.Instance);
        var seen = new ConcurrentQueue<(int Value, bool OnLoop)>();
        var done = new TaskCompletionSource();

        // Act
        for (var i = 0; i < 100; i++)
        {
            loop.Post(s => seen.Enqueue(((int)s!, loop.IsOnLoopThread)), i);
        }
        loop.Post(_ => done.SetResult(), null);
        await done.Task.WaitAsync(Timeout);

        // Assert
        Assert.Equal(Enumerable.Range(0, 100), seen.Select(s => s.Value));
        Assert.All(seen, s => Assert.True(s.OnLoop));
    }

    [EpollFact]
    public async Task Schedule_TimersFireInDueOrderWithTheirTokens()
    {
        // Arrange
        using var loop = new EpollLoop("test loop", 4096, TimeProvider.System, NullLogger.Instance);
        var timer = new RecordingTimer(expected: 3);

        // Act: scheduled out of order, from the loop thread
        loop.Post(_ =>
        {
            loop.Schedule(timer, 3, TimeSpan.FromMilliseconds(300));
            loop.Schedule(timer, 1, TimeSpan.FromMilliseconds(100));
            loop.Schedule(timer, 2, TimeSpan.FromMilliseconds(200));
        }, null);
        await timer.Done.WaitAsync(Timeout);

        // Assert
        Assert.Equal([1L, 2L, 3L], timer.Tokens);
    }

    [EpollFact]
    public async Task Register_ReadableSocket_HandlerIsCalledAndStopsAfterUnregister()
    {
        // Arrange: a connected pair; the loop watches one end.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await writer.ConnectAsync(listener.LocalEndPoint!);
        using var watched = await listener.AcceptAsync();
        using var loop = new EpollLoop("test loop", 4096, TimeProvider.System, NullLogger.Instance);
        var handler = new RecordingHandler();
        ulong token = 0;
        var registered = new TaskCompletionSource();
        loop.Post(_ => { token = loop.Register((int)watched.Handle, EpollNative.EPOLLIN, handler); registered.SetResult(); }, null);
        await registered.Task.WaitAsync(Timeout);

        // Act
        writer.Send([1]);
        await handler.Called.Task.WaitAsync(Timeout);
        var unregistered = new TaskCompletionSource();
        loop.Post(_ => { loop.Unregister(token, remove: true); handler.Reset(); unregistered.SetResult(); }, null);
        await unregistered.Task.WaitAsync(Timeout);
        writer.Send([2]);
        var flushed = new TaskCompletionSource();
        await Task.Delay(100); // an event would arrive within this (level-triggered, the byte is still unread)
        loop.Post(_ => flushed.SetResult(), null);
        await flushed.Task.WaitAsync(Timeout);

        // Assert
        Assert.NotEqual(0UL, token);
        Assert.Equal((int)watched.Handle, handler.Fd);
        Assert.False(handler.Called.Task.IsCompleted);
    }

    private sealed class RecordingTimer(int expected) : ILoopTimer
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<long> Tokens { get; } = [];
        public Task Done => _done.Task;

        public void OnTimer(long token)
        {
            Tokens.Add(token);
            if (Tokens.Count == expected) _done.SetResult();
        }
    }

    private sealed class RecordingHandler : IEpollHandler
    {
        public TaskCompletionSource Called { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Fd { get; private set; }

        public void Reset() => Called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvents(int fd, uint events)
        {
            Fd = fd;
            if ((events & EpollNative.EPOLLIN) != 0) Called.TrySetResult();
        }
    }
}
