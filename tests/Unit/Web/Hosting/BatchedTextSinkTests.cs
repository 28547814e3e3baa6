using System.Text;
using RelayWeb.Hosting;
using RelayWeb.UnitTests.TestInfrastructure;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace RelayWeb.UnitTests.Web.Hosting;

public sealed class BatchedTextSinkTests
{
    private static readonly MessageTemplateTextFormatter s_formatter = new("{Message:lj}{NewLine}");

    [Fact]
    public async Task Emit_ABurstOfLines_ArrivesInOrder_InFarFewerWritesThanLines()
    {
        // Arrange
        var output = new RecordingStream();
        using var sink = new BatchedTextSink(s_formatter, output);

        // Act
        for (var i = 0; i < 2000; i++) sink.Emit(Event($"line {i}"));
        var text = await WaitFor.ValueAsync(() => Task.FromResult(output.Text), t => t.Contains("line 1999", StringComparison.Ordinal), "the last line");

        // Assert
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"line {i}"), text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(output.Writes, 1, 50);
        Assert.Equal(0, sink.Dropped);
    }

    [Fact]
    public void Dispose_WritesWhatIsStillQueued()
    {
        // Arrange: the writer thread is held in its first write, so the rest waits in the queue
        var output = new RecordingStream { Gate = new ManualResetEventSlim() };
        var sink = new BatchedTextSink(s_formatter, output);
        sink.Emit(Event("first"));
        Assert.True(SpinWait.SpinUntil(() => output.Waiting, TimeSpan.FromSeconds(10)), "the first write started");
        sink.Emit(Event("second"));

        // Act
        output.Gate.Set();
        sink.Dispose();

        // Assert
        Assert.Equal($"first{Environment.NewLine}second{Environment.NewLine}", output.Text);
    }

    [Fact]
    public async Task Emit_QueueFull_DropsAreCountedAndTheOutputSaysSo()
    {
        // Arrange: a stalled reader (the write blocks) and room for two events
        var output = new RecordingStream { Gate = new ManualResetEventSlim() };
        using var sink = new BatchedTextSink(s_formatter, output, capacity: 2);
        sink.Emit(Event("first"));
        Assert.True(SpinWait.SpinUntil(() => output.Waiting, TimeSpan.FromSeconds(10)), "the first write started");

        // Act
        for (var i = 0; i < 10; i++) sink.Emit(Event($"more {i}"));
        output.Gate.Set();
        var text = await WaitFor.ValueAsync(() => Task.FromResult(output.Text), t => t.Contains("dropped", StringComparison.Ordinal), "the drop notice");

        // Assert
        Assert.Equal(8, sink.Dropped);
        Assert.Contains("more 0", text);
        Assert.Contains("more 1", text);
        Assert.DoesNotContain("more 2", text);
        Assert.Contains("8 log line(s) dropped", text);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplate(text, [new TextToken(text)]), []);

    /// <summary>Keeps what is written and counts the writes; with <see cref="Gate"/>, each write waits until it is set.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private int _writes;
        private volatile bool _waiting;

        public ManualResetEventSlim? Gate { get; init; }
        public bool Waiting => _waiting;
        public int Writes => Volatile.Read(ref _writes);

        public string Text
        {
            get { lock (_bytes) return Encoding.UTF8.GetString(_bytes.ToArray()); }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Gate is { } gate)
            {
                _waiting = true;
                gate.Wait();
            }
            Interlocked.Increment(ref _writes);
            lock (_bytes) _bytes.Write(buffer);
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
