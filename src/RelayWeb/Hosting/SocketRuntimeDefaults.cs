namespace RelayWeb.Hosting;

/// <summary>
/// Socket runtime switches Relay turns on by default. Must run before the process opens its first socket: the runtime reads
/// them once, from the environment only (there is no runtimeconfig/AppContext switch for these).
/// </summary>
public static class SocketRuntimeDefaults
{
    /// <summary>The runtime's switch that runs socket continuations on the epoll thread instead of the thread pool.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Sets <see cref="InlineCompletionsVariable"/> to 1 unless the user set it (to 0 to opt out). Why: the relay's
    /// continuations never block (the engine's copy loops, accept and connect paths only do non-blocking socket calls,
    /// lock-free counters and non-waiting channel writes), so the hop from the epoll thread to a thread-pool thread per
    /// completion is pure cost. Measured on 2 cores with bench/run-vs-peers.sh: context switches per relayed
    /// <c>Connection: close</c> request fell from ~7–18 to ~3, relay CPU per request by about a third, and wrk
    /// keep-alive requests/s rose by about 30%. Kestrel is unaffected: its transport schedules its own continuations.
    /// </summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }
}
