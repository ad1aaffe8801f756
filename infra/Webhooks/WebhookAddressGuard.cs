using System.Net;
using System.Net.Sockets;

namespace PromoServerless.Infra.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to: public unicast only. Private, shared, loopback (unless allowed for local
/// runs), link-local, unique-local, multicast, reserved and cloud metadata addresses are refused, and host names that
/// only exist to reach a metadata service are refused by name.
/// </summary>
public sealed class WebhookAddressGuard(bool allowLoopback)
{
    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "metadata.azure.com", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly (IPAddress Network, int Prefix)[] RefusedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
    ];

    private static readonly (IPAddress Network, int Prefix)[] RefusedV6 =
    [
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("64:ff9b::"), 96),
        (IPAddress.Parse("100::"), 64),
        (IPAddress.Parse("2001:db8::"), 32),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("fec0::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    public bool AllowsHostName(string host) =>
        !MetadataHosts.Contains(host.TrimEnd('.')) && (allowLoopback || !string.Equals(host.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase));

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        var refused = address.AddressFamily == AddressFamily.InterNetwork ? RefusedV4 : RefusedV6;
        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !refused.Any(r => InNetwork(address, r.Network, r.Prefix));
    }

    /// <summary>
    /// The host's addresses, each checked: refused when the name or any address is refused (one bad answer among good
    /// ones is how rebinding attacks hide), or when it does not resolve.
    /// </summary>
    public async Task<AddressCheck> CheckAsync(string host, CancellationToken cancellationToken)
    {
        if (!AllowsHostName(host))
        {
            return new AddressCheck(AddressVerdict.Refused, []);
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                return new AddressCheck(AddressVerdict.Unresolved, []);
            }
        }

        if (addresses.Length == 0)
        {
            return new AddressCheck(AddressVerdict.Unresolved, []);
        }

        return addresses.All(Allows) ? new AddressCheck(AddressVerdict.Allowed, addresses) : new AddressCheck(AddressVerdict.Refused, addresses);
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}

public enum AddressVerdict
{
    Allowed,
    Refused,
    Unresolved,
}

public sealed record AddressCheck(AddressVerdict Verdict, IReadOnlyList<IPAddress> Addresses);

/// <summary>A delivery's host is (or now resolves to) an address webhooks may not reach; nothing was sent.</summary>
public sealed class WebhookAddressRefusedException(string host, AddressVerdict verdict)
    : Exception($"Webhook host {host} is {(verdict == AddressVerdict.Unresolved ? "not resolvable" : "a refused address")}.")
{
    public AddressVerdict Verdict { get; } = verdict;
}
