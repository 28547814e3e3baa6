using RelayEngine.Transport.Epoll;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>A fact about the epoll TCP path: skipped where the platform has no epoll (only Linux with glibc has).</summary>
public sealed class EpollFactAttribute : FactAttribute
{
    public EpollFactAttribute()
    {
        if (!EpollLoopGroup.IsSupported) Skip = "epoll is available on Linux (glibc) only";
    }
}
