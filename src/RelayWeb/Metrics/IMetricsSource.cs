namespace RelayWeb.Metrics;

/// <summary>Contributes metric families to a <c>/metrics</c> scrape. Called once per scrape; keep it cheap and never throw for a missing part.</summary>
public interface IMetricsSource
{
    Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken);
}
