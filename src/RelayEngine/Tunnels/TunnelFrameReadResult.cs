namespace RelayEngine.Tunnels;

/// <summary>The outcome of <see cref="TunnelFrameReader.TryRead"/>.</summary>
internal enum TunnelFrameReadResult
{
    /// <summary>A whole frame was read and removed from the buffer.</summary>
    Frame,

    /// <summary>The buffer holds only part of a frame; read more.</summary>
    Incomplete,

    /// <summary>The header announces a payload larger than allowed here: a protocol error, close the connection.</summary>
    TooLarge,
}
