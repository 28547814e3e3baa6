using System.Runtime.InteropServices;

namespace RelayWeb.Background;

/// <summary>Linux scheduling policy for the calling thread (.NET's <c>Thread.Priority</c> does nothing on Linux).</summary>
internal static partial class ThreadScheduling
{
    private const int SchedIdle = 5;

    /// <summary>
    /// Puts the calling thread in <c>SCHED_IDLE</c>: it runs when a core would otherwise idle, and a waking normal thread
    /// preempts it at once. Unprivileged processes may do this. Falls back to nice 19; false when neither is possible.
    /// </summary>
    public static bool TryLowerCurrentThread(out string how)
    {
        if (!OperatingSystem.IsLinux())
        {
            how = "normal priority (lowering is Linux-only)";
            return false;
        }
        var param = new SchedParam();
        if (sched_setscheduler(0, SchedIdle, ref param) == 0)
        {
            how = "SCHED_IDLE";
            return true;
        }
        // pid 0 with PRIO_PROCESS is the calling thread on Linux, not the whole process
        if (setpriority(0, 0, 19) == 0)
        {
            how = "nice 19";
            return true;
        }
        how = $"normal priority (sched_setscheduler and setpriority failed: errno {Marshal.GetLastPInvokeError()})";
        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref SchedParam param);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
