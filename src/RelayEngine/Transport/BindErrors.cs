using System.Net;
using System.Net.Sockets;

namespace RelayEngine.Transport;

/// <summary>Turns bind failures into the sentence a person needs at 3 a.m.</summary>
public static class BindErrors
{
    public static string Describe(EndPoint endPoint, SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => $"{endPoint} is already in use by another program or relay.",
        SocketError.AddressNotAvailable => $"{endPoint} is not an address of this machine.",
        SocketError.AccessDenied => $"Permission denied binding {endPoint} (ports below 1024 need privileges).",
        _ => $"Cannot listen on {endPoint}: {ex.Message}",
    };
}
