namespace RelayWeb.Auth;

/// <summary>
/// <see cref="ICurrentActor"/> from the current HTTP request. Inside a Blazor circuit there is no request after the first
/// render: components should use <see cref="RelayPrincipal.GetActor"/> on their authentication state instead.
/// </summary>
internal sealed class CurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public string Actor => RelayPrincipal.GetActor(accessor.HttpContext?.User);
}
