namespace RelayEngine.Transport;

/// <summary>How one direction of a TCP copy ended (YARP's StreamCopyResult).</summary>
internal enum CopyResult
{
    /// <summary>The source sent FIN; the FIN was passed on to the destination.</summary>
    Completed,

    /// <summary>Reading the source failed (reset, abort, error).</summary>
    SourceError,

    /// <summary>Writing the destination failed.</summary>
    DestinationError,

    /// <summary>Cancelled: idle timeout, admin close or relay stop.</summary>
    Canceled,
}
