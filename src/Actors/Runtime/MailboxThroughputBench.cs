using System.Diagnostics;
using Flock.Actors.Bench;

namespace Flock.Actors.Runtime;

/// <summary>Messages per second through one mailbox, in one execution mode.</summary>
public sealed record MailboxThroughput(string Case, long Messages, double Seconds)
{
    public double MessagesPerSecond => Messages / Seconds;

    public double NanosecondsPerMessage => Seconds * 1e9 / Messages;
}

/// <summary>
/// Measures the runtime's own cost per message: one sender awaits <see cref="IActorRef{TMessage}.TellAsync"/>
/// as fast as it can into a 1024-slot backpressure mailbox whose handler only counts, for each execution mode.
/// The time runs until the actor has handled every message, so it is end-to-end: write, wake-up, read, dispatch.
/// Run by hand (it is not a test): the budget is well under a microsecond per message.
/// </summary>
public static class MailboxThroughputBench
{
    private const int MailboxCapacity = 1024;
    private const int SendsBetweenClockReads = 4096;

    public static async Task<IReadOnlyList<MailboxThroughput>> RunAsync(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<MailboxThroughput>();
        foreach (var execution in new[] { ActorExecution.ThreadPool, ActorExecution.DedicatedThread })
        {
            // Warm-up lets tiered compilation settle before the measured run.
            await MeasureAsync(execution, Math.Min(1.0, options.Seconds), options).ConfigureAwait(false);
            var result = await MeasureAsync(execution, options.Seconds, options).ConfigureAwait(false);
            await options.Progress.WriteLineAsync(
                $"mailbox {result.Case}: {result.MessagesPerSecond / 1e6:0.00} M msg/s, {result.NanosecondsPerMessage:0.0} ns/msg").ConfigureAwait(false);
            results.Add(result);
        }

        return results;
    }

    private static async Task<MailboxThroughput> MeasureAsync(ActorExecution execution, double seconds, BenchOptions options)
    {
        var system = new ActorSystem(
            "mailbox-bench",
            new ActorSystemOptions { Log = new TextWriterActorLog(options.Progress, ActorLogLevel.Warning) });
        await using (system.ConfigureAwait(false))
        {
            var sink = new CountingSink();
            var actor = system.Spawn("sink", () => sink, new ActorOptions { MailboxCapacity = MailboxCapacity, Execution = execution });

            var budget = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            long sent = 0;
            while (Stopwatch.GetTimestamp() < budget)
            {
                for (var i = 0; i < SendsBetweenClockReads; i++)
                {
                    await actor.TellAsync(sent + i).ConfigureAwait(false);
                }

                sent += SendsBetweenClockReads;
            }

            await system.StopAsync(actor, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (sink.Handled != sent)
            {
                throw new InvalidOperationException($"The sink handled {sink.Handled} of {sent} messages.");
            }

            return new MailboxThroughput(execution.ToString(), sent, elapsed);
        }
    }

    private sealed class CountingSink : Actor<long>
    {
        private long _handled;

        public long Handled => Volatile.Read(ref _handled);

        public override ValueTask ReceiveAsync(long message)
        {
            _handled++;
            return ValueTask.CompletedTask;
        }
    }
}
