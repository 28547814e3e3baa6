namespace RelayWeb.Auth;

/// <summary>Who is making the current change, for the audit log (<c>user:NAME</c>, <c>token:NAME</c> or <c>system</c>).</summary>
public interface ICurrentActor
{
    string Actor { get; }
}
