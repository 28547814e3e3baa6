using Microsoft.Extensions.Options;
using RelayWeb.Hosting;

namespace RelayWeb.Auth;

/// <summary>Creates (or updates) user <c>admin</c> at start-up, after the database is migrated; see <see cref="UserAccountService.EnsureAdminAsync"/>.</summary>
internal sealed class AdminUserBootstrapper(UserAccountService users, IOptions<RelayWebOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => users.EnsureAdminAsync(options.Value.AdminPassword, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
