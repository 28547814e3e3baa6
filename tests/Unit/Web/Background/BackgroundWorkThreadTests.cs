using Microsoft.Extensions.Logging.Abstractions;
using RelayWeb.Background;

namespace RelayWeb.UnitTests.Web.Background;

public sealed class BackgroundWorkThreadTests : IDisposable
{
    private readonly BackgroundWorkThread _background = new(NullLogger<BackgroundWorkThread>.Instance);

    public void Dispose() => _background.Dispose();

    [Fact]
    public async Task RunAsync_RunsOnItsOwnThread_AndReturnsTheResult()
    {
        // Act
        var (name, id) = await _background.RunAsync(_ => Task.FromResult((Thread.CurrentThread.Name, Environment.CurrentManagedThreadId)), CancellationToken.None);
        var again = await _background.RunAsync(_ => Task.FromResult(Environment.CurrentManagedThreadId), CancellationToken.None);

        // Assert
        Assert.Equal("Relay background", name);
        Assert.NotEqual(Environment.CurrentManagedThreadId, id);
        Assert.Equal(id, again);
    }

    [Fact]
    public async Task RunAsync_TheThreadIsScheduledAsIdle()
    {
        // Act (Relay runs on Linux; elsewhere the thread keeps normal priority): field 41 of /proc/thread-self/stat is the scheduling policy (5 = SCHED_IDLE)
        var policy = await _background.RunAsync(_ => File.ReadAllTextAsync("/proc/thread-self/stat"), CancellationToken.None);
        var fields = policy[(policy.LastIndexOf(')') + 2)..].Split(' ');

        // Assert: fields after the command name start at field 3
        Assert.Equal("5", fields[41 - 3]);
        Assert.True(_background.Lowered);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_TheTaskFaults_AndTheThreadGoesOn()
    {
        // Act
        var failed = _background.RunAsync<int>(_ => throw new InvalidOperationException("boom"), CancellationToken.None);
        var next = await _background.RunAsync(_ => Task.FromResult(42), CancellationToken.None);

        // Assert
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Equal(42, next);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItRuns_IsCancelledWithoutRunning()
    {
        // Arrange: the thread is busy until released
        using var release = new ManualResetEventSlim();
        var busy = _background.RunAsync(_ => Task.FromResult(release.Wait(TimeSpan.FromSeconds(30))), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var queued = _background.RunAsync(_ => Task.FromResult(ran = true), cancel.Token);

        // Act
        await cancel.CancelAsync();
        release.Set();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.True(await busy);
        Assert.False(ran);
    }
}
