using Flock.Shared.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Flock.Actors.Transport;

/// <summary>
/// Opens the one AMQP connection a node uses. The first connect is retried with exponential backoff (a
/// node may start before its broker); after that, the client's automatic recovery reconnects and
/// re-declares queues, bindings and consumers when the broker restarts, every second until it is back.
/// Only the redacted URL is ever logged.
/// </summary>
public static class BrokerConnector
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Connects, retrying until <paramref name="cancellation"/> fires; a bad URL or bad credentials fail at once.</summary>
    public static async Task<IConnection> ConnectAsync(string brokerUrl, string clientName, TextWriter log, CancellationToken cancellation)
    {
        if (!BrokerUrl.TryParse(brokerUrl, out var uri, out var problem))
        {
            throw new ArgumentException($"broker URL {BrokerUrl.Redact(brokerUrl)}: {problem}", nameof(brokerUrl));
        }

        var factory = new ConnectionFactory
        {
            Uri = uri!,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
        };
        var redacted = BrokerUrl.Redact(brokerUrl);
        var backoff = FirstBackoff;
        var attempt = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var connection = await factory.CreateConnectionAsync(cancellation);
                log.WriteLine($"flockrl: connected to broker {redacted} as {clientName}");
                connection.ConnectionShutdownAsync += (_, e) =>
                {
                    if (e.Initiator != ShutdownInitiator.Application)
                    {
                        log.WriteLine($"flockrl: lost the broker connection ({e.ReplyText}); reconnecting");
                    }

                    return Task.CompletedTask;
                };
                connection.RecoverySucceededAsync += (_, _) =>
                {
                    log.WriteLine($"flockrl: reconnected to broker {redacted}");
                    return Task.CompletedTask;
                };
                return connection;
            }
            catch (BrokerUnreachableException e) when (!IsAuthenticationFailure(e))
            {
                attempt++;
                if (attempt == 1 || attempt % 10 == 0)
                {
                    log.WriteLine($"flockrl: broker {redacted} unreachable ({e.InnerException?.Message ?? e.Message}); retrying");
                }

                await Task.Delay(backoff, cancellation);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (BrokerUnreachableException e)
            {
                throw new InvalidOperationException($"broker {redacted} refused the credentials: {e.InnerException?.Message ?? e.Message}", e);
            }
        }
    }

    private static bool IsAuthenticationFailure(Exception e) =>
        e.InnerException is AuthenticationFailureException || e.InnerException?.InnerException is AuthenticationFailureException;
}
