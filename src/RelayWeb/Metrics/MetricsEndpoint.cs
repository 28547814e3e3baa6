using RelayWeb.Metrics;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>/metrics</c>: every <see cref="IMetricsSource"/> in Prometheus text format; access per <see cref="MetricsAccess"/>.</summary>
public static partial class MetricsEndpoint
{
    public static WebApplication MapRelayMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<MeterMetricsSource>(); // listen from now on, so requests before the first scrape count
        app.MapGet("/metrics", WriteAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task WriteAsync(HttpContext context, MetricsAccess access, IEnumerable<IMetricsSource> sources, ILoggerFactory loggers)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!await access.IsAllowedAsync(context))
        {
            var anonymous = context.User.Identity?.IsAuthenticated != true;
            context.Response.StatusCode = anonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            if (anonymous) context.Response.Headers.WWWAuthenticate = "Bearer realm=\"relay\"";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(anonymous
                ? "Metrics need a token (Authorization: Bearer TOKEN or X-API-Key: TOKEN) unless Relay listens on loopback only.\n"
                : "This token may not read metrics.\n", context.RequestAborted);
            return;
        }

        var writer = new PrometheusWriter();
        foreach (var source in sources)
        {
            try
            {
                await source.CollectAsync(writer, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failing source (the database away, say) must not hide the others.
                Log.SourceFailed(loggers.CreateLogger(typeof(MetricsEndpoint).FullName!), source.GetType().Name, ex);
            }
        }
        context.Response.ContentType = PrometheusWriter.ContentType;
        await context.Response.WriteAsync(writer.ToString(), context.RequestAborted);
    }
}
