using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>Where the broker URL of a cluster command comes from: --broker, else FLOCK_BROKER.</summary>
public static class BrokerOption
{
    public const string EnvironmentVariable = "FLOCK_BROKER";

    /// <summary>
    /// The URL to connect to; a usage error when there is none or it is not an AMQP URL. A value with a
    /// redacted password (from a config.json) counts as none, so --resume falls back to FLOCK_BROKER.
    /// </summary>
    public static string Resolve(string? flagValue)
    {
        var url = flagValue is { Length: > 0 } f && !f.Contains("***", StringComparison.Ordinal) ? f : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException($"--broker: required (or set {EnvironmentVariable}), e.g. amqp://user:pass@host:5672/vhost");
        }

        return BrokerUrl.TryParse(url, out _, out var problem)
            ? url
            : throw new UsageException($"--broker {BrokerUrl.Redact(url)}: {problem}");
    }
}
