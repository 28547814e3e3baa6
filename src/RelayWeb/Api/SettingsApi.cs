using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Settings;

namespace RelayWeb.Api;

/// <summary><c>/api/v1/settings</c>: retention per kind of data and how many backups are kept. Changes apply at the next job run.</summary>
public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", GetSettings).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("Retention and backup settings").WithDescription("retentionDays per kind (ledger = closed connections, job_runs = job history; 0 keeps everything) and backupKeep.");
        settings.MapPut("/", UpdateSettings).RequireAuthorization(RelayPolicies.Write)
            .WithSummary("Change retention and backup settings").WithDescription("Only the members given change. 400 names each invalid field (retentionDays.ledger, backupKeep).");
        return api;
    }

    public static async Task<Ok<SettingsDto>> GetSettings(OperationsSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await settings.GetAsync(cancellationToken)));

    public static async Task<Results<Ok<SettingsDto>, ValidationProblem>> UpdateSettings(
        SettingsDto request, OperationsSettingsService settings, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var errors = await settings.UpdateAsync(request.RetentionDays, request.BackupKeep, actor.Actor, cancellationToken);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(ToDto(await settings.GetAsync(cancellationToken)));
    }

    private static SettingsDto ToDto(OperationsSettings settings) => new(new Dictionary<string, int>(settings.RetentionDays), settings.BackupKeep);
}
