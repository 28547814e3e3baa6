using Microsoft.AspNetCore.Http.HttpResults;
using RelayEngine.Configuration;

namespace RelayWeb.Api;

/// <summary>RFC 9457 problem results the API returns; every one names what is wrong and, where there is one, the field.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"No {what.ToLowerInvariant()} has id '{id}'.");

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors ?? new Dictionary<string, string[]>())
        {
            Status = StatusCodes.Status409Conflict,
            Title = title,
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        });

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"The request body is larger than the limit of {limit} bytes (setting Relay:MaxRequestBodyBytes).",
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");

    /// <summary>Validation errors keyed by field (<c>listen</c>, <c>targets[0]</c>...), several messages per field allowed.</summary>
    public static Dictionary<string, string[]> ToErrors(IEnumerable<ConfigError> errors) =>
        errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
