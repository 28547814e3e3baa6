using Microsoft.Extensions.Options;
using RelayWeb.Hosting;

namespace RelayWeb.Api;

/// <summary>
/// Enforces <see cref="RelayWebOptions.MaxRequestBodyBytes"/> on <c>/api</c> (<see cref="RelayWebOptions.MaxSyncBodyBytes"/> on
/// <c>/api/v1/sync</c>) with a 413 problem. Kestrel has the same limit,
/// but it surfaces mid-read (where model binding treats it as a dropped client); this check answers before binding, and
/// also holds where Kestrel's limit does not apply (other servers, tests).
/// </summary>
public static class RequestBodyLimitMiddleware
{
    public static IApplicationBuilder UseRelayApiBodyLimit(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<RelayWebOptions>>().Value;
        return app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (context, next) =>
        {
            var request = context.Request;
            var limit = request.Path.StartsWithSegments("/api/v1/sync") ? options.MaxSyncBodyBytes : options.MaxRequestBodyBytes;
            if (request.ContentLength > limit)
            {
                await ApiProblems.TooLarge(limit).ExecuteAsync(context);
                return;
            }
            if (request.ContentLength is null && IsChunked(request) && !await BufferWithinLimitAsync(context, limit))
            {
                await ApiProblems.TooLarge(limit).ExecuteAsync(context);
                return;
            }
            await next(context);
        }));
    }

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a body of unknown length into memory, stopping one byte past the limit; false when it is too large.</summary>
    private static async Task<bool> BufferWithinLimitAsync(HttpContext context, long limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit) return false;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Request.ContentLength = buffer.Length;
        context.Response.RegisterForDispose(buffer);
        return true;
    }
}
