using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RelayEngine.Transport.Epoll;

/// <summary>
/// The Linux calls the epoll TCP path makes, straight to glibc. Why not System.Net.Sockets: per short connection it costs
/// four fcntl calls (it creates and accepts blocking sockets and switches them on first use), a poll and a getsockopt per
/// connect, an async state machine per operation and ~15 µs of user time more than a plain event loop; at 10k new
/// connections/s on 2 cores that was the gap to haproxy (bench/relay-vs-peers.sh).
/// </summary>
internal static unsafe partial class EpollNative
{
    private const string Libc = "libc.so.6";

    public const int AF_INET = 2, AF_INET6 = 10;
    public const int SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int EPOLL_CLOEXEC = 0x80000, EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    public const int SOL_SOCKET = 1, SO_ERROR = 4, IPPROTO_TCP = 6, TCP_NODELAY = 1;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const int MSG_NOSIGNAL = 0x4000, SHUT_WR = 1;
    public const uint EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000;
    public const uint EPOLLEXCLUSIVE = 1u << 28, EPOLLET = 1u << 31;

    public const int EINTR = 4, EAGAIN = 11, EINPROGRESS = 115, ECONNABORTED = 103;

    /// <summary>struct epoll_event. Packed on x86-64 (12 bytes); naturally aligned elsewhere (16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEventPacked
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct EpollEventAligned
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>True where struct epoll_event is packed (x86-64 only, per the kernel's uapi header).</summary>
    public static readonly bool PackedEvents = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public static int EventSize => PackedEvents ? sizeof(EpollEventPacked) : sizeof(EpollEventAligned);

    [LibraryImport(Libc, SetLastError = true)] public static partial int epoll_create1(int flags);
    [LibraryImport(Libc, SetLastError = true)] private static partial int epoll_ctl(int epfd, int op, int fd, void* ev);
    [LibraryImport(Libc, SetLastError = true)] public static partial int epoll_wait(int epfd, void* events, int maxEvents, int timeout);
    [LibraryImport(Libc, SetLastError = true)] public static partial int eventfd(uint initval, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport(Libc, SetLastError = true)] public static partial int accept4(int fd, void* addr, uint* addrLen, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int connect(int fd, void* addr, uint addrLen);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint recv(int fd, byte* buffer, nuint length, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint send(int fd, byte* buffer, nuint length, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint read(int fd, void* buffer, nuint length);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint write(int fd, void* buffer, nuint length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int shutdown(int fd, int how);
    [LibraryImport(Libc, SetLastError = true)] public static partial int close(int fd);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getsockopt(int fd, int level, int name, void* value, uint* length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>EPOLL_CTL_ADD/MOD/DEL with the event laid out for this architecture. Returns 0 or -1 (errno set).</summary>
    public static int Control(int epfd, int op, int fd, uint events, ulong data)
    {
        if (PackedEvents)
        {
            var ev = new EpollEventPacked { Events = events, Data = data };
            return epoll_ctl(epfd, op, fd, &ev);
        }
        var aligned = new EpollEventAligned { Events = events, Data = data };
        return epoll_ctl(epfd, op, fd, &aligned);
    }

    /// <summary>Reads event <paramref name="index"/> of an epoll_wait result buffer.</summary>
    public static void ReadEvent(byte* events, int index, out uint mask, out ulong data)
    {
        if (PackedEvents)
        {
            var ev = ((EpollEventPacked*)events)[index];
            mask = ev.Events;
            data = ev.Data;
            return;
        }
        var aligned = ((EpollEventAligned*)events)[index];
        mask = aligned.Events;
        data = aligned.Data;
    }

    public static void SetNoDelay(int fd)
    {
        var one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int));
    }

    /// <summary>The pending error of a socket (SO_ERROR), as errno; 0 when none.</summary>
    public static int PendingError(int fd)
    {
        var error = 0;
        var length = (uint)sizeof(int);
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : Errno;
    }

    /// <summary>sockaddr_in / sockaddr_in6 for <paramref name="endPoint"/> into <paramref name="buffer"/> (28 bytes); returns its length.</summary>
    public static uint WriteSockAddr(IPEndPoint endPoint, Span<byte> buffer)
    {
        buffer[..28].Clear();
        var address = endPoint.Address;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var port = (ushort)endPoint.Port;
        buffer[2] = (byte)(port >> 8);
        buffer[3] = (byte)port;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            MemoryMarshal.Write(buffer, (ushort)AF_INET);
            address.TryWriteBytes(buffer[4..8], out _);
            return 16;
        }
        MemoryMarshal.Write(buffer, (ushort)AF_INET6);
        address.TryWriteBytes(buffer[8..24], out _);
        MemoryMarshal.Write(buffer[24..28], (uint)address.ScopeId);
        return 28;
    }

    /// <summary>The endpoint in a sockaddr_in / sockaddr_in6 written by accept4; null for other families.</summary>
    public static IPEndPoint? ReadSockAddr(ReadOnlySpan<byte> buffer)
    {
        var family = MemoryMarshal.Read<ushort>(buffer);
        var port = (buffer[2] << 8) | buffer[3];
        if (family == AF_INET) return new IPEndPoint(new IPAddress(buffer[4..8]), port);
        if (family == AF_INET6)
        {
            var scope = MemoryMarshal.Read<uint>(buffer[24..28]);
            // A dual-mode listener reports IPv4 clients as ::ffff:a.b.c.d; kept so, as Socket.RemoteEndPoint reports them.
            return new IPEndPoint(new IPAddress(buffer[8..24], scope), port);
        }
        return null;
    }

    /// <summary>A socket error name for an errno, as the managed path logs them (<c>ConnectionRefused</c>).</summary>
    public static string DescribeErrno(int errno) => errno switch
    {
        111 => nameof(SocketError.ConnectionRefused),
        110 => nameof(SocketError.TimedOut),
        113 => nameof(SocketError.HostUnreachable),
        101 => nameof(SocketError.NetworkUnreachable),
        104 => nameof(SocketError.ConnectionReset),
        99 => nameof(SocketError.AddressNotAvailable),
        13 => nameof(SocketError.AccessDenied),
        97 => nameof(SocketError.AddressFamilyNotSupported),
        _ => Marshal.GetPInvokeErrorMessage(errno),
    };
}
