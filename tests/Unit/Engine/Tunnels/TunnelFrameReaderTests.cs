using System.Buffers;
using System.IO.Pipelines;
using RelayEngine.Tunnels;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelFrameReaderTests
{
    [Fact]
    public async Task TryRead_FramesWrittenByteByByteThroughAPipe_AreParsedWhole()
    {
        // Arrange: two frames, the writer flushing one byte at a time so the reader sees many tiny segments.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 1));
        var frames = new ArrayBufferWriter<byte>();
        TunnelFrameWriter.Write(frames, TunnelFrameType.Ping, new TunnelPing(42, 3, 8).ToPayload());
        TunnelFrameWriter.Write(frames, TunnelFrameType.PoolNeed, [0, 0, 0, 7]);
        var writing = Task.Run(async () =>
        {
            foreach (var b in frames.WrittenMemory.ToArray())
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }
            await pipe.Writer.CompleteAsync();
        });

        // Act
        var parsed = new List<(TunnelFrameType Type, byte[] Payload)>();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            while (TunnelFrameReader.TryRead(ref buffer, TunnelProtocol.MaxControlPayload, out var type, out var payload) == TunnelFrameReadResult.Frame)
            {
                parsed.Add((type, payload.ToArray()));
            }
            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) break;
        }
        await writing;

        // Assert
        Assert.Equal([TunnelFrameType.Ping, TunnelFrameType.PoolNeed], parsed.Select(p => p.Type));
        Assert.True(TunnelPing.TryParse(parsed[0].Payload, out var ping));
        Assert.Equal(new TunnelPing(42, 3, 8), ping);
        Assert.Equal([0, 0, 0, 7], parsed[1].Payload);
    }

    [Fact]
    public void TryRead_HeaderOnly_IsIncompleteAndConsumesNothing()
    {
        // Arrange
        var frame = TunnelFrameWriter.ToArray(TunnelFrameType.Open, new byte[10]);
        var buffer = new ReadOnlySequence<byte>(frame.AsMemory(0, 7));

        // Act
        var result = TunnelFrameReader.TryRead(ref buffer, 1024, out _, out _);

        // Assert
        Assert.Equal(TunnelFrameReadResult.Incomplete, result);
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void TryRead_PayloadLargerThanAllowed_IsTooLarge()
    {
        // Arrange
        var header = new byte[TunnelProtocol.HeaderSize];
        TunnelFrameWriter.WriteHeader(header, TunnelFrameType.Datagram, 70_000);
        var buffer = new ReadOnlySequence<byte>(header);

        // Act
        var result = TunnelFrameReader.TryRead(ref buffer, TunnelProtocol.MaxDatagram, out _, out _);

        // Assert
        Assert.Equal(TunnelFrameReadResult.TooLarge, result);
    }

    [Fact]
    public async Task ReadOneAsync_ReadsExactlyOneFrameAndLeavesTheRestInTheStream()
    {
        // Arrange: an Open frame followed by raw bytes, as on a data connection.
        var open = new TunnelOpen(TunnelNetwork.Tcp, Guid.NewGuid(), "10.0.0.1:5000", "127.0.0.1:8080");
        var stream = new MemoryStream([.. TunnelFrameWriter.ToArray(TunnelFrameType.Open, open.ToPayload()), .. "raw"u8.ToArray()]);

        // Act
        var frame = await TunnelFrameReader.ReadOneAsync(stream, TunnelProtocol.MaxControlPayload, CancellationToken.None);
        var rest = new byte[3];
        await stream.ReadExactlyAsync(rest);

        // Assert
        Assert.NotNull(frame);
        Assert.Equal(TunnelFrameType.Open, frame.Value.Type);
        Assert.True(TunnelOpen.TryParse(frame.Value.Payload, out var parsed));
        Assert.Equal(open, parsed);
        Assert.Equal("raw"u8.ToArray(), rest);
    }

    [Fact]
    public async Task ReadOneAsync_EndOfStreamBeforeAFrame_ReturnsNull()
    {
        Assert.Null(await TunnelFrameReader.ReadOneAsync(new MemoryStream(), 1024, CancellationToken.None));
    }

    [Fact]
    public async Task DatagramFrames_OverAPipe_RoundTripIncludingOneSplitAcrossSegments()
    {
        // Arrange
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 4096));
        var datagrams = new[] { "a"u8.ToArray(), new byte[10_000], "last"u8.ToArray() };
        Random.Shared.NextBytes(datagrams[1]);
        var writer = pipe.Writer.AsStream();
        foreach (var datagram in datagrams) await TunnelDatagrams.WriteAsync(writer, datagram, CancellationToken.None);
        await pipe.Writer.CompleteAsync();

        // Act
        var received = new List<byte[]>();
        var result = await TunnelDatagrams.ReadAllAsync(pipe.Reader, d => { received.Add(d.ToArray()); return ValueTask.CompletedTask; }, CancellationToken.None);

        // Assert
        Assert.Equal(TunnelFrameReadResult.Frame, result);
        Assert.Equal(datagrams, received);
    }
}
