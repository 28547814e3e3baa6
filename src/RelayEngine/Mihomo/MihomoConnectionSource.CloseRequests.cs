namespace RelayEngine.Mihomo;

/// <summary>Closing Mihomo connections: every close a user asks for becomes <c>DELETE /connections/{id}</c>.</summary>
internal sealed partial class MihomoConnectionSource
{
    /// <summary>
    /// Sends the queued close requests one by one until the host stops. A failed request marks the connection so the
    /// next snapshot that still lists it queues it again.
    /// </summary>
    private async Task SendCloseRequestsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var tracked in _closeRequests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var status = await _client.CloseConnectionAsync(tracked.MihomoId, stoppingToken).ConfigureAwait(false);
                    var ok = (int)status is >= 200 and < 300;
                    tracked.DeleteFailed = !ok;
                    if (ok) Log.CloseSent(_logger, tracked.State.Id, (int)status);
                    else Log.CloseFailed(_logger, tracked.State.Id, $"HTTP {(int)status} {status}", null);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    tracked.DeleteFailed = true;
                    Log.CloseFailed(_logger, tracked.State.Id, ex.Message, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
