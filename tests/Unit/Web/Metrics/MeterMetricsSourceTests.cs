using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Jobs;
using RelayWeb.Metrics;

namespace RelayWeb.UnitTests.Web.Metrics;

public sealed class MeterMetricsSourceTests : IDisposable
{
    private readonly ServiceProvider _ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ServiceProvider _otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task CollectAsync_JobMeter_CounterWithTotalAndHistogramWithCumulativeBuckets()
    {
        // Arrange
        using var source = new MeterMetricsSource(_ours.GetRequiredService<IMeterFactory>());
        var metrics = new JobMetrics(_ours.GetRequiredService<IMeterFactory>());

        // Act
        metrics.RecordRun("ledger-retention", JobOutcome.Succeeded, TimeSpan.FromSeconds(0.3));
        metrics.RecordRun("ledger-retention", JobOutcome.Succeeded, TimeSpan.FromSeconds(2));
        metrics.RecordRun("ledger-retention", JobOutcome.Failed, TimeSpan.FromSeconds(20));
        var writer = new PrometheusWriter();
        await source.CollectAsync(writer, CancellationToken.None);
        var text = writer.ToString();

        // Assert
        Assert.Contains("# TYPE relay_job_runs_total counter\n", text);
        Assert.Contains("relay_job_runs_total{job=\"ledger-retention\",outcome=\"succeeded\"} 2\n", text);
        Assert.Contains("relay_job_runs_total{job=\"ledger-retention\",outcome=\"failed\"} 1\n", text);
        Assert.Contains("# TYPE relay_job_duration_seconds histogram\n", text);
        Assert.Contains("relay_job_duration_seconds_bucket{job=\"ledger-retention\",le=\"0.5\"} 1\n", text);
        Assert.Contains("relay_job_duration_seconds_bucket{job=\"ledger-retention\",le=\"5\"} 2\n", text);
        Assert.Contains("relay_job_duration_seconds_bucket{job=\"ledger-retention\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("relay_job_duration_seconds_count{job=\"ledger-retention\"} 3\n", text);
        Assert.Contains("relay_job_duration_seconds_sum{job=\"ledger-retention\"} 22.3\n", text);
    }

    [Fact]
    public async Task CollectAsync_SameMeterFromAnotherHostsFactory_Ignored()
    {
        // Arrange
        using var source = new MeterMetricsSource(_ours.GetRequiredService<IMeterFactory>());
        var theirs = new JobMetrics(_otherHost.GetRequiredService<IMeterFactory>());

        // Act
        theirs.RecordRun("not-ours", JobOutcome.Succeeded, TimeSpan.FromSeconds(1));
        var writer = new PrometheusWriter();
        await source.CollectAsync(writer, CancellationToken.None);

        // Assert
        Assert.DoesNotContain("not-ours", writer.ToString());
    }

    [Fact]
    public async Task CollectAsync_RuntimeMeter_ExportsGcAndThreadPoolLevelsAsGauges()
    {
        // Arrange
        using var source = new MeterMetricsSource(_ours.GetRequiredService<IMeterFactory>());

        // Act
        var writer = new PrometheusWriter();
        await source.CollectAsync(writer, CancellationToken.None);
        var text = writer.ToString();

        // Assert
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text);
        Assert.Contains("# TYPE dotnet_thread_pool_thread_count gauge\n", text);
    }

    public void Dispose()
    {
        _ours.Dispose();
        _otherHost.Dispose();
    }
}
