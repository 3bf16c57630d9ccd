using Flock.Actors.Transport;
using RabbitMQ.Client;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// An actor node's end of the transition queue, without the node: a virtual host of its own with the cluster's
/// topology declared, a channel to inspect or drain the queue (<see cref="Setup"/>) and a confirm channel for a
/// <see cref="TransitionPublisher"/> (<see cref="Confirms"/>); all within two minutes (<see cref="Token"/>).
/// </summary>
public sealed class TransitionQueueBed : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly string _vhost;
    private readonly IConnection _connection;

    private TransitionQueueBed(CancellationTokenSource timeout, string vhost, IConnection connection, IChannel setup, IChannel confirms)
    {
        _timeout = timeout;
        _vhost = vhost;
        _connection = connection;
        Setup = setup;
        Confirms = confirms;
    }

    public IChannel Setup { get; }

    public IChannel Confirms { get; }

    public CancellationToken Token => _timeout.Token;

    public static async Task<TransitionQueueBed> CreateAsync(string name)
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var vhost = await TestBroker.CreateVirtualHostAsync(name);
        var connection = await BrokerConnector.ConnectAsync(TestBroker.Url(vhost), "test", TextWriter.Null, timeout.Token);
        var setup = await connection.CreateChannelAsync(cancellationToken: timeout.Token);
        await ClusterTopology.DeclareSharedAsync(setup, timeout.Token);
        var confirms = await connection.CreateChannelAsync(TransitionPublisher.ChannelOptions, timeout.Token);
        return new TransitionQueueBed(timeout, vhost, connection, setup, confirms);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (or the two minutes run out).</summary>
    public async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20, Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Confirms.DisposeAsync();
        await Setup.DisposeAsync();
        await _connection.DisposeAsync();
        await TestBroker.DeleteVirtualHostAsync(_vhost);
        _timeout.Dispose();
    }
}
