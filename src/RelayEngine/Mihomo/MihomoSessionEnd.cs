namespace RelayEngine.Mihomo;

/// <summary>Why a session with the Mihomo controller ended.</summary>
internal enum MihomoSessionEnd
{
    /// <summary>The host is stopping.</summary>
    Stopped,

    /// <summary>HTTP 401: the secret (<c>--mihomo-token</c>) is wrong or missing.</summary>
    Unauthorized,

    /// <summary>Another HTTP status instead of the WebSocket upgrade (wrong port or path, a proxy in between).</summary>
    HttpError,

    /// <summary>The controller could not be reached (refused, unreachable, DNS, connect timeout).</summary>
    Unreachable,

    /// <summary>A frame was not a snapshot (bad JSON, too large).</summary>
    Malformed,

    /// <summary>The connection dropped, the controller closed it, or no snapshot came within the receive timeout.</summary>
    Lost,
}
