using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RelayWeb.Api;

/// <summary>
/// Turns exceptions into RFC 9457 problem details (CleanArchitecture's <c>ProblemDetailsExceptionHandler</c>). Request errors
/// the framework throws (<see cref="BadHttpRequestException"/>: malformed JSON, wrong types, missing body, unsupported media
/// type, body too large) keep their status and say what is wrong, naming the field for type errors; anything else is a 500
/// with a trace id and no internals.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody reads a response
        }

        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = bad.Message },
            _ => null,
        };
        if (problem is null)
        {
            Log.Unhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "The server failed to handle the request; the error is in its log.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>A value of the wrong type names the field (<c>errors.maxConnections</c>); broken JSON says where it breaks.</summary>
    private static ProblemDetails FromJson(JsonException json)
    {
        var field = ToField(json.Path);
        var reason = (json.Message.Split(" Path:", 2)[0]).Trim();
        if (field is not null && reason.Contains("could not be converted", StringComparison.Ordinal))
        {
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"The value has the wrong type: expected {Expected(reason)}."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = $"Field '{field}' has a value of the wrong type.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            };
        }
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = $"The request body is not valid JSON{where}: {reason}",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
    }

    /// <summary><c>$.targets[0]</c> → <c>targets[0]</c>; null for the document root.</summary>
    private static string? ToField(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Expected(string reason)
    {
        var type = ConvertedTo().Match(reason) is { Success: true } m ? m.Groups[1].Value : "";
        return type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("String", StringComparison.Ordinal) => "a string",
            _ => "a value of another type",
        };
    }

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status400BadRequest => "Bad request",
        _ => "Request error",
    };

    [GeneratedRegex(@"converted to ([^\s]+)\.?$")]
    private static partial Regex ConvertedTo();
}
