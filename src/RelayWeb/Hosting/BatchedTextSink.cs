using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace RelayWeb.Hosting;

/// <summary>
/// Writes log events to a stream from one background thread, a batch per write: everything queued is formatted into one
/// buffer and flushed together, at most once per <see cref="FlushInterval"/>. For standard output when it is redirected
/// (a service manager, a pipe, a file), where nobody reads colours.
/// </summary>
/// <remarks>
/// Why: Serilog's console sink writes and flushes each line on the thread that logs it. When the reader of the pipe
/// stalls (<c>relay run | less</c>, a paused terminal, a stuck log shipper), that thread blocks in <c>write</c>, and the
/// engine logs from its socket threads (a target that refuses a connect): every relay on that thread would stall. Here the
/// logging thread only queues; when the queue is full, lines are counted and dropped, and the output says how many once it
/// moves again. It also makes one <c>write</c> per burst instead of one per line (<c>relay run</c> prints two lines per
/// connection); at 8,000 connections a second that was not measurable in CPU per connection (bench/run-vs-peers.sh).
/// </remarks>
public sealed class BatchedTextSink : ILogEventSink, IDisposable
{
    /// <summary>Least time between two writes: lines reach the stream at most this late.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<LogEvent> _queue;
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _writer;
    private readonly Thread _thread;
    private long _dropped;
    private long _reportedDropped;

    /// <param name="formatter">How one event becomes text.</param>
    /// <param name="output">Where the text goes; not disposed (standard output belongs to the process).</param>
    /// <param name="capacity">Events held while the stream is slow.</param>
    public BatchedTextSink(ITextFormatter formatter, Stream output, int capacity = 100_000)
    {
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        ArgumentNullException.ThrowIfNull(output);
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails and we count it
            SingleReader = true,
        });
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Relay log writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the output could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent)) Interlocked.Increment(ref _dropped);
    }

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            WriteBatch(reader);
            // Let the next burst gather: one write per interval however many lines arrive.
            Thread.Sleep(FlushInterval);
        }
        WriteBatch(reader);
    }

    private void WriteBatch(ChannelReader<LogEvent> reader)
    {
        try
        {
            while (reader.TryRead(out var logEvent)) _formatter.Format(logEvent, _writer);
            var dropped = Interlocked.Read(ref _dropped);
            if (dropped != _reportedDropped)
            {
                _writer.WriteLine($"[{DateTime.Now:HH:mm:ss} WRN] Relay: {dropped - _reportedDropped} log line(s) dropped: the output did not keep up ({dropped} in all).");
                _reportedDropped = dropped;
            }
            _writer.Flush();
        }
        catch (IOException)
        {
            // The reader of the pipe went away: nothing to write to, and logging must not take the process down.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(5));
        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
