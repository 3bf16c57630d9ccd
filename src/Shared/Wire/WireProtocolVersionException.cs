using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>
/// A well-formed header from a peer that speaks another protocol version. Kept apart from other format errors
/// because the fix is an upgrade, not a bug hunt.
/// </summary>
public sealed class WireProtocolVersionException : WireFormatException
{
    public WireProtocolVersionException(int receivedVersion, int supportedVersion)
        : base(
            "header.version",
            receivedVersion.ToString(CultureInfo.InvariantCulture),
            string.Create(
                CultureInfo.InvariantCulture,
                $"Wire protocol mismatch: peer speaks protocol {receivedVersion}, this build speaks {supportedVersion}."))
    {
        ReceivedVersion = receivedVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Version found in the peer's header.</summary>
    public int ReceivedVersion { get; }

    /// <summary>Version this build speaks, <see cref="WireProtocol.Version"/>.</summary>
    public int SupportedVersion { get; }
}
