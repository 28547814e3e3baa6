using RelayEngine.Connections;
using RelayEngine.Ledger;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>An <see cref="ILedgerSink"/> that keeps every record it is given and lets a test wait for a record to arrive.</summary>
internal sealed class RecordingLedgerSink : ILedgerSink
{
    private readonly Lock _gate = new();
    private readonly List<ConnectionSnapshot> _records = [];
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every record written so far, in write order (a connection appears once per batch it was in).</summary>
    public IReadOnlyList<ConnectionSnapshot> Records
    {
        get { lock (_gate) return _records.ToArray(); }
    }

    /// <summary>The closed records (one per connection: a closed record is final).</summary>
    public IReadOnlyList<ConnectionSnapshot> Closed => Records.Where(r => !r.IsOpen).ToArray();

    public Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken)
    {
        TaskCompletionSource written;
        lock (_gate)
        {
            _records.AddRange(batch);
            written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        written.SetResult();
        return Task.CompletedTask;
    }

    /// <summary>Waits until a record matching <paramref name="predicate"/> has been written; returns the first such record.</summary>
    public async Task<ConnectionSnapshot> WaitForAsync(Func<ConnectionSnapshot, bool> predicate, TimeSpan? timeout = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        var limit = timeout ?? TestTimeouts.Default;
        while (true)
        {
            Task written;
            lock (_gate)
            {
                var match = _records.FirstOrDefault(predicate);
                if (match is not null) return match;
                written = _written.Task;
            }
            var remaining = limit - TimeProvider.System.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero) throw new TimeoutException("The expected ledger record was not written in time.");
            await written.WaitAsync(remaining);
        }
    }
}
