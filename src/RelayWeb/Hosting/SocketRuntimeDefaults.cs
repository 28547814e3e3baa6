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
    /// continuations never block (the engine's copy loops, accept and connect paths only make non-blocking socket calls,
    /// Interlocked counter updates and non-waiting channel writes), so the hop from the epoll thread to a thread-pool
    /// thread per completion is pure cost. Measured on 2 cores (bench/run-vs-peers.sh plus relay CPU time per request,
    /// together with the engine's inline accept path): wrk <c>Connection: close</c> went from ~230–290 µs of relay CPU
    /// and 7–18 context switches per request to ~165 µs and ~3; keep-alive from ~35–40 µs to ~21 µs per request.
    /// The engine yields to the thread pool during long bulk copies so one transfer cannot hold an event thread.
    /// Kestrel is unaffected: its socket transport schedules its own continuations.
    /// </summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }
}
