using System.Diagnostics;
using System.Net.Sockets;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// The RabbitMQ broker the cluster tests run against: the local <c>rabbitmq-server</c> that .ci/run
/// installs and starts. Each test gets its own virtual host (so leftovers of one test never reach
/// another) through <c>rabbitmqctl</c>. Without a broker the tests are skipped with the reason, unless
/// FLOCK_REQUIRE_BROKER=1 (set in CI), where they run and fail.
/// </summary>
public static class TestBroker
{
    public const string RequireVariable = "FLOCK_REQUIRE_BROKER";
    public const string Host = "localhost";
    public const int Port = 5672;

    private static readonly Lazy<string?> Unavailable = new(Probe);

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why the broker cannot be used; null when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>A fresh virtual host with full rights for guest (and <paramref name="extraUser"/>, created if given).</summary>
    public static async Task<string> CreateVirtualHostAsync(string name, (string User, string Password)? extraUser = null)
    {
        if (WhyUnavailable is { } why)
        {
            throw new InvalidOperationException($"no usable RabbitMQ broker: {why} (install and start rabbitmq-server; .ci/run does)");
        }

        var vhost = $"{name}-{Guid.NewGuid():N}"[..Math.Min(60, name.Length + 33)];
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        if (extraUser is { } user)
        {
            await CtlAsync(true, "add_user", user.User, user.Password);
            await CtlAsync("set_permissions", "-p", vhost, user.User, ".*", ".*", ".*");
        }

        return vhost;
    }

    public static Task DeleteVirtualHostAsync(string vhost) => CtlAsync(true, "delete_vhost", vhost);

    public static string Url(string vhost, string user = "guest", string password = "guest", string host = Host) =>
        $"amqp://{user}:{password}@{host}:{Port}/{Uri.EscapeDataString(vhost)}";

    /// <summary>Stops and starts the broker application (connections drop, durable definitions stay).</summary>
    public static async Task RestartAsync(TimeSpan outage)
    {
        await CtlAsync("stop_app");
        await Task.Delay(outage);
        await CtlAsync("start_app");
        await CtlAsync("await_startup");
    }

    /// <summary>Messages ready in <paramref name="queue"/> of <paramref name="vhost"/> (not counting deliveries awaiting an ack).</summary>
    public static async Task<long> ReadyMessagesAsync(string vhost, string queue)
    {
        var table = await CtlAsync("list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages_ready");
        return table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(columns => columns.Length == 2 && columns[0] == queue)
            .Select(columns => long.Parse(columns[1], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }

    private static Task<string> CtlAsync(params string[] args) => CtlAsync(false, args);

    private static async Task<string> CtlAsync(bool tolerateFailure, params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start rabbitmqctl");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !tolerateFailure)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static string? Probe()
    {
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(Host, Port).Wait(TimeSpan.FromSeconds(2)))
            {
                return $"nothing answers on {Host}:{Port}";
            }
        }
        catch (AggregateException e)
        {
            return $"nothing answers on {Host}:{Port} ({e.InnerException?.Message})";
        }

        var ctl = Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "rabbitmqctl"))) ?? false;
        return ctl ? null : "rabbitmqctl is not on PATH (the tests make a virtual host each with it)";
    }
}
