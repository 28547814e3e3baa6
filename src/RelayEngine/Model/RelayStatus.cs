namespace RelayEngine.Model;

/// <summary>Where a relay is in its life. Serialized by name (<c>Running</c>, <c>Stopped</c>, <c>Faulted</c>...).</summary>
public enum RelayStatus
{
    Starting,
    Running,
    Stopping,
    Stopped,

    /// <summary>Could not bind or failed while running; <see cref="RelaySnapshot.StatusReason"/> says why. Other relays are unaffected.</summary>
    Faulted,
}
