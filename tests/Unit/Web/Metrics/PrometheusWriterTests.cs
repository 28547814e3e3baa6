using RelayWeb.Metrics;

namespace RelayWeb.UnitTests.Web.Metrics;

public sealed class PrometheusWriterTests
{
    [Fact]
    public void ToString_Families_HelpTypeThenSamplesInDeclarationOrder()
    {
        // Arrange
        var writer = new PrometheusWriter();
        writer.Declare("relay_b_total", "counter", "B things.");
        writer.Single("relay_a", "gauge", "A level.", 2.5);
        writer.Sample("relay_b_total", 3, ("forward", "web"), ("reason", "client_closed"));

        // Act
        var text = writer.ToString();

        // Assert
        Assert.Equal(
            "# HELP relay_b_total B things.\n# TYPE relay_b_total counter\nrelay_b_total{forward=\"web\",reason=\"client_closed\"} 3\n"
            + "# HELP relay_a A level.\n# TYPE relay_a gauge\nrelay_a 2.5\n",
            text);
    }

    [Fact]
    public void ToString_LabelValuesAndHelp_Escaped()
    {
        // Arrange
        var writer = new PrometheusWriter();
        writer.Declare("relay_x", "gauge", "Line one\nback\\slash").Sample("relay_x", 1, ("name", "a \"quoted\" \\ name\nnext"));

        // Act
        var text = writer.ToString();

        // Assert
        Assert.Contains("# HELP relay_x Line one\\nback\\\\slash\n", text);
        Assert.Contains("relay_x{name=\"a \\\"quoted\\\" \\\\ name\\nnext\"} 1\n", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1234567890123d, "1234567890123")]
    [InlineData(0.1, "0.1")]
    public void FormatValue_SpecialAndLargeNumbers_PrometheusForm(double value, string expected) =>
        Assert.Equal(expected, PrometheusWriter.FormatValue(value));

    [Fact]
    public void Declare_InvalidName_Throws() =>
        Assert.Throws<ArgumentException>(() => new PrometheusWriter().Declare("relay-bad name", "gauge", "x"));

    [Theory]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("kestrel.active_connections", "{connection}", false, "kestrel_active_connections")]
    [InlineData("relay.job.runs", "{run}", true, "relay_job_runs_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.cpu.time", "s", true, "dotnet_process_cpu_time_seconds_total")]
    [InlineData("cache.hit", "1", false, "cache_hit_ratio")]
    public void FromInstrument_OpenTelemetryName_PrometheusName(string name, string unit, bool counter, string expected) =>
        Assert.Equal(expected, MetricNames.FromInstrument(name, unit, counter));
}
