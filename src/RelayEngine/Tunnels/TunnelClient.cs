using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// The client end of a tunnel (NodePass <c>client://</c> in dual-end mode): dials out to the server (so it works behind
/// NAT), authenticates, learns flow, TLS and <c>max</c>, and keeps a pool of pre-opened data connections sized by
/// <see cref="TunnelPoolController"/>. In reverse flow it receives user connections and dials its targets; in forward
/// flow it listens on its target address and opens them. When the control channel is lost it reconnects with backoff
/// and jitter; connections relaying on healthy data connections carry on meanwhile.
/// </summary>
internal sealed partial class TunnelClient : ITunnelEnd
{
    private static readonly TimeSpan StableSession = TimeSpan.FromSeconds(10);

    private readonly TunnelEndContext _context;
    private readonly CancellationTokenSource _stopping;
    private readonly TunnelAuthenticator _authenticator;
    private readonly HostPort _server;
    private TunnelOpener? _opener;
    private TunnelPool? _pool;
    private TunnelAcceptor? _acceptor;
    private Task _loop = Task.CompletedTask;
    private int _stopped;

    public TunnelClient(TunnelEndContext context, CancellationTokenSource stopping)
    {
        _context = context;
        _stopping = stopping;
        _authenticator = new TunnelAuthenticator(context.Config.Key);
        if (!EndpointParser.TryParseTarget(context.Config.TunnelAddress, out _server, out var error)) throw new RelayBindException("Tunnel address: " + error);
    }

    private TunnelConfig Config => _context.Config;
    private TunnelState State => _context.State;

    /// <summary>Starts the connect loop; nothing binds until the server says the flow is forward.</summary>
    public void Start()
    {
        State.TunnelEndPoint = _server.ToString();
        State.SetStatus(TunnelStatus.Connecting, $"connecting to {_server}");
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var backoff = new TunnelBackoff(_context.Options.ReconnectInitialDelay, _context.Options.ReconnectMaxDelay);
        var token = _context.Stopping;
        while (!token.IsCancellationRequested)
        {
            string reason;
            try
            {
                var control = await TunnelClientHandshake.ConnectAsync(_server, TunnelConnectionKind.Control, Guid.Empty, _authenticator,
                    _context.ConnectTimeout, _context.Options.HandshakeTimeout, _context.Time, token).ConfigureAwait(false);
                var started = _context.Time.GetTimestamp();
                reason = await RunSessionAsync(control).ConfigureAwait(false);
                // A session that lasted was a success: the next outage starts again from the shortest delay. One that ended
                // at once (refused data, replaced) keeps escalating so a flapping server is not hammered.
                if (_context.Time.GetElapsedTime(started) >= StableSession) backoff.Reset();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (TunnelRefusedException e)
            {
                if (e.Reason == TunnelRefusalReason.BadKey) State.CountAuthFailure();
                reason = e.Message;
            }
            catch (RelayBindException e)
            {
                State.SetStatus(TunnelStatus.Faulted, e.Message);
                Log.Faulted(_context.Logger, _context.TunnelId, e.Message);
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                reason = $"cannot reach {_server}: {Describe(e)}";
            }
            if (token.IsCancellationRequested) break;
            var delay = backoff.Next();
            State.ClearPing();
            State.SetStatus(TunnelStatus.Reconnecting, $"{reason}; retrying in {delay.TotalSeconds:0.0} s");
            Log.Reconnecting(_context.Logger, _context.TunnelId, reason, delay);
            try
            {
                await Task.Delay(delay, _context.Time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static string Describe(Exception e) => e switch
    {
        SocketException s => s.SocketErrorCode.ToString(),
        OperationCanceledException => "timed out",
        _ => (e.InnerException ?? e).Message,
    };

    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        State.SetStatus(TunnelStatus.Stopping, "stopping");
        _stopping.Cancel();
        await _loop.ConfigureAwait(false);
        _pool?.Dispose();
        if (_opener is not null) await _opener.StopAsync(drainTimeout).ConfigureAwait(false);
        if (_acceptor is not null) await _acceptor.DrainAsync(drainTimeout).ConfigureAwait(false);
        _context.Dispose();
        State.SetStatus(TunnelStatus.Stopped, "stopped");
        Log.Stopped(_context.Logger, _context.TunnelId);
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
}
