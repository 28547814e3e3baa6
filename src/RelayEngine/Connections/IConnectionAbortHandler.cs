namespace RelayEngine.Connections;

/// <summary>Closes a connection when someone asks (<see cref="ConnectionState.Abort"/>). Called on the asker's thread.</summary>
internal interface IConnectionAbortHandler
{
    void OnAbortRequested();
}
