using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// The listener's side of its sessions: admission against the session limit, opening, the idle sweep, upstream loops,
/// close bookkeeping and the log lines sessions report.
/// </summary>
internal sealed partial class UdpRelayListener
{
    /// <summary>Admits and opens a session for a new client; null when refused or no target is usable.</summary>
    private async ValueTask<UdpSession?> OpenSessionAsync(SocketAddress from, CancellationToken cancellationToken)
    {
        var now = Time.GetTimestamp();
        if (!TryAdmit(from, now)) return null;

        ConnectionState? connection = null;
        UdpSession? session = null;
        try
        {
            var endpoints = await _targets!.GetAsync(cancellationToken).ConfigureAwait(false);
            var key = Clone(from);
            var candidates = CandidateOrder();
            var fanOut = _config.Strategy == TargetStrategy.All;
            connection = _registry.Open(_relay, Network, ToEndPoint(key).ToString(), _listenText, fanOut ? _allTargets : _targetNames[candidates[0]]);
            session = new UdpSession(this, key, connection, endpoints, candidates, fanOut, now);
            _sessions[key] = session;
            Log.SessionOpened(_logger, connection.Id, _relay.RelayId, connection.Source, connection.Target);
            return session.Start() ? session : null;
        }
        catch (Exception e)
        {
            if (session is not null)
            {
                session.ReportError(e);
                session.Close(CloseReason.Error);
            }
            else
            {
                if (connection is not null) _registry.Complete(connection, CloseReason.Error);
                _relay.ExitConnection();
                if (!cancellationToken.IsCancellationRequested) LogDatagramFailed(e);
            }
            return null;
        }
    }

    /// <summary>
    /// Takes a slot from the relay's session limit. A refused client is recorded once per burst (until it is quiet for the
    /// idle timeout) and retried at most once per <see cref="RefusedRetryInterval"/>, so a flood of datagrams from it costs
    /// neither ledger rows nor refusal counts per datagram.
    /// </summary>
    private bool TryAdmit(SocketAddress from, long now)
    {
        if (_refused.TryGetValue(from, out var refused))
        {
            refused.LastSeen = now;
            if (Time.GetElapsedTime(refused.LastAttempt, now) < RefusedRetryInterval) return false;
            refused.LastAttempt = now;
            if (!_relay.TryEnterConnection()) return false; // still full: the same burst, already recorded
            _refused.TryRemove(from, out _);
            return true;
        }
        if (_relay.TryEnterConnection()) return true;
        if (_refused.Count >= MaxRefusedClients) return false; // a flood of sources: counted by the relay, not recorded each

        var key = Clone(from);
        _refused[key] = new UdpRefusedClient(now);
        var client = ToEndPoint(key).ToString();
        _registry.RecordRejected(_relay, Network, client, _listenText, CloseReason.RefusedByLimit);
        Log.SessionRefused(_logger, _relay.RelayId, client, _config.MaxConnections ?? 0);
        return false;
    }

    private int[] CandidateOrder()
    {
        var count = _targetNames.Length;
        var start = _config.Strategy == TargetStrategy.RoundRobin ? (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)count) : 0;
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = (start + i) % count;
        return order;
    }

    /// <summary>The idle sweep (timer callback): closes sessions quiet for the idle timeout and forgets quiet refused clients.</summary>
    private void Sweep()
    {
        try
        {
            var now = Time.GetTimestamp();
            foreach (var (_, session) in _sessions)
            {
                if (Time.GetElapsedTime(session.LastActivity, now) >= _idleTimeout) session.Close(CloseReason.IdleTimeout);
            }
            foreach (var entry in _refused)
            {
                if (Time.GetElapsedTime(entry.Value.LastSeen, now) >= _idleTimeout) _refused.TryRemove(entry);
            }
        }
        catch (Exception e)
        {
            Log.SweepFailed(_logger, _relay.RelayId, e);
        }
    }

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
