using System.Net.Sockets;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>The listener's side of its sessions: upstream loops, close bookkeeping and the log lines sessions report.</summary>
internal sealed partial class UdpRelayListener
{
    /// <summary>The configured target at <paramref name="index"/>, as <c>HOST:PORT</c>.</summary>
    internal string TargetName(int index) => _targetNames[index];

    /// <summary>Starts the reply loop of an upstream. Tracked, so <see cref="StopAsync"/> completes only after it ends.</summary>
    internal void StartUpstreamLoop(UdpSession session, UdpUpstream upstream)
    {
        // Only called while another tracked loop (the receive loop or an upstream loop) runs, so the count is never 0 here.
        Interlocked.Increment(ref _pendingLoops);
        _ = RunUpstreamLoopAsync(session, upstream);
    }

    private async Task RunUpstreamLoopAsync(UdpSession session, UdpUpstream upstream)
    {
        try
        {
            var result = await upstream.ReceiveLoopAsync(session, keepOnUnreachable: session.IsFanOut, session.Closing).ConfigureAwait(false);
            switch (result)
            {
                case UdpSendResult.TargetUnreachable:
                    session.OnUpstreamUnreachable(upstream);
                    break;
                case UdpSendResult.Error:
                    session.ReportError(upstream.LastError);
                    session.Close(CloseReason.Error);
                    break;
            }
        }
        catch (Exception e)
        {
            session.ReportError(e);
            session.Close(CloseReason.Error);
        }
        finally
        {
            LoopEnded();
        }
    }

    /// <summary>Removes a closed session, records its end and frees its slot. Called exactly once per session.</summary>
    internal void OnSessionClosed(UdpSession session, CloseReason reason)
    {
        _sessions.TryRemove(KeyValuePair.Create(session.Client, session));
        var snapshot = _registry.Complete(session.Connection, reason);
        _relay.ExitConnection();
        var recorded = snapshot?.CloseReason ?? reason;
        if (recorded == CloseReason.ConnectFailed) _relay.CountFailed();
        Log.SessionClosed(_logger, session.Connection.Id, recorded, session.Connection.BytesUp, session.Connection.BytesDown);
    }

    internal void OnFailedOver(UdpSession session, UdpUpstream failed, UdpUpstream? next)
    {
        if (next is null) Log.TargetsExhausted(_logger, session.Connection.Id, failed.TargetName, failed.LastSocketError);
        else Log.FailedOver(_logger, session.Connection.Id, failed.TargetName, failed.LastSocketError, next.TargetName);
    }

    internal void OnTargetUnreachable(UdpSession session, string target, SocketError error) =>
        Log.TargetUnreachable(_logger, session.Connection.Id, target, error);

    internal void OnSessionError(UdpSession session, Exception? exception) =>
        Log.SessionFailed(_logger, session.Connection.Id, _relay.RelayId, exception);
}
