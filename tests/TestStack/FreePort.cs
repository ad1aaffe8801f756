using System.Net;
using System.Net.Sockets;

namespace PromoServerless.TestStack;

public static class FreePort
{
    /// <summary>Asks the OS for a free loopback port. The port is released before it is returned, so bind it soon.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
