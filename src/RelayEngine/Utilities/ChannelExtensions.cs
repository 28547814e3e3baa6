using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RelayEngine.Utilities;

internal static class ChannelExtensions
{
    /// <summary>
    /// Waits for data, drains everything available into one batch, then waits at least <paramref name="minReadInterval"/>
    /// before the next batch, so bursts coalesce (Aspire's GetBatchesAsync). Ends when the channel completes or on cancellation.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> GetBatchesAsync<T>(
        this ChannelReader<T> reader,
        TimeSpan minReadInterval,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lastRead = (long?)null;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (lastRead is { } last)
            {
                var remaining = minReadInterval - time.GetElapsedTime(last);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
                }
            }
            var batch = new List<T>();
            while (reader.TryRead(out var item)) batch.Add(item);
            lastRead = time.GetTimestamp();
            if (batch.Count > 0) yield return batch;
        }
    }
}
