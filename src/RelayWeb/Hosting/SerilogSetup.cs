using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace RelayWeb.Hosting;

/// <summary>
/// Serilog through Microsoft.Extensions.Logging (Serilog.AspNetCore is not in the package mirror): console plus a rolling
/// file in the data directory, levels from the <c>Serilog</c> configuration section, one line per HTTP request.
/// </summary>
public static class SerilogSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext:l}: {Message:lj}{NewLine}{Exception}";

    public static void AddRelaySerilog(this WebApplicationBuilder builder, string logDirectory)
    {
        var logger = CreateLogger(builder.Configuration, logDirectory);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
    }

    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration, string? logDirectory)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        // A terminal gets Serilog's console sink (colours, each line at once); redirected output gets the same lines in
        // batches from a background thread, one write per burst (BatchedTextSink says why).
        config = Console.IsOutputRedirected
            ? config.WriteTo.Sink(new BatchedTextSink(new MessageTemplateTextFormatter(ConsoleTemplate), Console.OpenStandardOutput()))
            : config.WriteTo.Console(outputTemplate: ConsoleTemplate);
        if (logDirectory is not null)
        {
            Directory.CreateDirectory(logDirectory);
            config = config.WriteTo.File(
                Path.Combine(logDirectory, "relay-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 50 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                // Written through a buffer and flushed every second, not per line (per-connection lines at thousands a second).
                buffered: true,
                flushToDiskInterval: TimeSpan.FromSeconds(1),
                outputTemplate: "{Timestamp:O} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        }
        return config.CreateLogger();
    }
}
