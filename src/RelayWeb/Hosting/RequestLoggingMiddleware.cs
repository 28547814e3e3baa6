using System.Diagnostics;

namespace RelayWeb.Hosting;

/// <summary>One log line per HTTP request (method, path, status, elapsed), like Serilog.AspNetCore's request logging.</summary>
public static partial class RequestLoggingMiddleware
{
    public static IApplicationBuilder UseRelayRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RelayWeb.Requests");
        return app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var path = context.Request.Path.Value ?? "";
                // Blazor's circuit traffic and static files would drown the log; requests that matter are API and pages.
                // Successful agent syncs arrive every sync interval from every agent; SyncApi logs them at Debug.
                var quietSync = context.Response.StatusCode < 400 && path.Equals("/api/v1/sync", StringComparison.Ordinal);
                if (!quietSync && !path.StartsWith("/_blazor", StringComparison.Ordinal) && !path.StartsWith("/_framework", StringComparison.Ordinal) && !path.StartsWith("/_content", StringComparison.Ordinal))
                {
                    Log.Request(logger, context.Request.Method, path, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms", EventName = "HttpRequest")]
        public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs);
    }
}
