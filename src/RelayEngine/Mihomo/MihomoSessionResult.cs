namespace RelayEngine.Mihomo;

/// <summary>How one WebSocket session with the controller ended.</summary>
internal readonly record struct MihomoSessionResult(MihomoSessionEnd End, bool ReceivedSnapshot, string Reason)
{
    public static MihomoSessionResult Stopped { get; } = new(MihomoSessionEnd.Stopped, false, "stopping");
}
