namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// Tests that run a real master and real agents as child processes. They run one at a time, after the parallel
/// collections (<c>DisableParallelization</c>): each pushes thousands of connections and kills processes, and timing on a
/// shared 2-core machine is steadier without the browser tests beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SyncProcessCollection
{
    public const string Name = "Sync processes";
}
